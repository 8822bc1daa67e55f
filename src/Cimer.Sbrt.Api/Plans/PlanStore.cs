using System.Data;
using System.Data.Common;
using System.Text.Json;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

internal static partial class PlanStore
{
    private const string SelectPlan = """
        SELECT p.id, p.patient_id, p.center_id, p.version, p.status, p.day_one, p.max_fractions_per_day,
               p.window_start, p.window_end, p.days_before, p.days_after, p.window_closures,
               p.milestones, p.explanation, p.protocol_deviation, p.attention_reason, c.time_zone
        FROM plans p JOIN centers c ON c.id = p.center_id
        WHERE p.id = @id;
        """;

    private const string SelectFractions = """
        SELECT id, plan_id, lesion_id, number, dose_gy, linac_id, start_utc, end_utc, status, pinned,
               cancelled, recorded_at_utc, recorded_reason, unconfirmed_utc, sequence, changed_utc
        FROM fractions WHERE plan_id = @planId ORDER BY start_utc, number;
        """;

    // The live plan first, else the latest cancelled one.
    private const string SelectPatientPlanId = """
        SELECT id FROM plans WHERE patient_id = @patientId
        ORDER BY status = 'cancelled', created_utc DESC, id DESC LIMIT 1;
        """;

    private const string SelectLivePlanId = "SELECT id FROM plans WHERE patient_id = @patientId AND status <> 'cancelled';";

    // Start and end as Unix milliseconds, computed by the database from the stored text (exact to the
    // millisecond, whole seconds or not): a number read off the row, not two strings made and parsed per row.
    private const string BookedAtCenter = """
        FROM booked_fractions f JOIN linacs l ON l.id = f.linac_id
        WHERE l.center_id = @centerId AND f.start_utc >= @fromUtc AND f.start_utc < @toUtc;
        """;

    private const string SelectBookings = """
        SELECT f.plan_id, f.linac_id,
               CAST(round(unixepoch(f.start_utc, 'subsec') * 1000) AS INTEGER), CAST(round(unixepoch(f.end_utc, 'subsec') * 1000) AS INTEGER)

        """ + BookedAtCenter;

    private const string SelectBookingsPostgres = """
        SELECT f.plan_id, f.linac_id,
               (extract(epoch FROM f.start_utc::timestamptz) * 1000)::bigint, (extract(epoch FROM f.end_utc::timestamptz) * 1000)::bigint

        """ + BookedAtCenter;

    public static async Task<PlanRecord> GetAsync(IDbConnection connection, string id, CancellationToken ct, IDbTransaction? transaction = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<PlanRow>(new CommandDefinition(SelectPlan, new { id }, transaction, cancellationToken: ct))
            ?? throw Problems.NotFound("plan", id);
        var fractions = await connection.QueryAsync<FractionRow>(new CommandDefinition(SelectFractions, new { planId = id }, transaction, cancellationToken: ct));
        return ToRecord(row, fractions);
    }

    public static Task<string?> PatientPlanIdAsync(IDbConnection connection, string patientId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(SelectPatientPlanId, new { patientId }, cancellationToken: ct));

    public static Task<string?> LivePlanIdAsync(IDbConnection connection, IDbTransaction transaction, string patientId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(SelectLivePlanId, new { patientId }, transaction, cancellationToken: ct));

    /// <summary>
    /// The one booked-slots query: slots held by every live plan at the center (the <c>booked_fractions</c> view),
    /// starting in [<paramref name="from"/>, <paramref name="to"/>), by plan. Read by plans, re-plans, start dates,
    /// the slots feed, the board and FHIR Slots. Starts compare as ISO text, so both bounds must be whole seconds.
    /// </summary>
    public static async Task<IReadOnlyList<PlanBooking>> BookingsAsync(
        IDbConnection connection, IDbTransaction? transaction, string centerId, Instant from, Instant to, CancellationToken ct)
    {
        // Every plan decision reads a month of a center's bookings (a thousand rows and more at a busy
        // center): read the four columns straight off the reader, with no row objects in between.
        // Dapper's async reader is a DbDataReader (it needs a DbConnection to run async at all).
        await using var reader = (DbDataReader)await connection.ExecuteReaderAsync(new CommandDefinition(connection.Pick(SelectBookings, SelectBookingsPostgres), new
        {
            centerId,
            fromUtc = WireFormat.ToUtc(from),
            toUtc = WireFormat.ToUtc(to),
        }, transaction, cancellationToken: ct));
        var bookings = new List<PlanBooking>();
        while (await reader.ReadAsync(ct))
        {
            bookings.Add(new PlanBooking(
                reader.GetString(0), new Booking(reader.GetString(1), Instant.FromUnixTimeMilliseconds(reader.GetInt64(2)), Instant.FromUnixTimeMilliseconds(reader.GetInt64(3)))));
        }

        return bookings;
    }

    private static PlanRecord ToRecord(PlanRow row, IEnumerable<FractionRow> fractions)
    {
        var stored = fractions.ToList();
        var plan = new BookedPlan
        {
            Id = row.Id,
            PatientId = row.PatientId,
            CenterId = row.CenterId,
            Zone = DateTimeZoneProviders.Tzdb[row.TimeZone],
            DayOne = WireFormat.ParseDate(row.DayOne),
            MaxFractionsPerDay = (int)row.MaxFractionsPerDay,
            Version = row.Version,
            Status = StoredJson.Parse<PlanStatus>(row.Status),
            WindowStart = WireFormat.ParseDate(row.WindowStart),
            WindowEnd = WireFormat.ParseDate(row.WindowEnd),
            DaysBefore = (int)row.DaysBefore,
            DaysAfter = (int)row.DaysAfter,
            AttentionReason = row.AttentionReason,
            Fractions = [.. stored.Select(f => new BookedFraction
            {
                Id = f.Id,
                LesionId = f.LesionId,
                Number = (int)f.Number,
                DoseGy = f.DoseGy,
                LinacId = f.LinacId,
                Start = WireFormat.FromUtc(f.StartUtc),
                End = WireFormat.FromUtc(f.EndUtc),
                Status = StoredJson.Parse<FractionStatus>(f.Status),
                Pinned = f.Pinned != 0,
                Cancelled = f.Cancelled != 0,
                RecordedAt = f.RecordedAtUtc is { } at ? WireFormat.FromUtc(at) : null,
                RecordedReason = f.RecordedReason,
                UnconfirmedAt = f.UnconfirmedUtc is { } flagged ? WireFormat.FromUtc(flagged) : null,
            })],
        };
        var outline = new PlanOutline(
            StoredJson.Read<List<ClosureEntry>>(row.WindowClosures),
            StoredJson.Read<List<MilestoneResponse>>(row.Milestones),
            StoredJson.Read<List<string>>(row.Explanation),
            row.ProtocolDeviation is null ? null : StoredJson.Read<ProtocolDeviationResponse>(row.ProtocolDeviation));
        return new PlanRecord(plan, outline, stored.ToDictionary(f => f.Id, f => new CalendarStamp(f.Sequence, f.ChangedUtc)));
    }
}
