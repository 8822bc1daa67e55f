using System.Data;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Calendars;

/// <summary>
/// The calendar feeds' reads, over the same <c>fractions</c> the plans are written to (and the
/// fractions re-plans dropped). Events that no longer hold a slot are read only while they changed
/// within <c>@sinceUtc</c>: a cancelled event is published for 30 days, then left out.
/// </summary>
internal static class CalendarStore
{
    private const string Columns = """
        f.id, COALESCE(le.label, '') AS lesion_label, f.number, l.name AS linac_name, f.start_utc, f.end_utc,
        f.status, f.cancelled, f.sequence, f.changed_utc
        """;

    private const string DroppedColumns = """
        d.id, COALESCE(le.label, '') AS lesion_label, d.number, l.name AS linac_name, d.start_utc, d.end_utc,
        'dropped' AS status, 1 AS cancelled, d.sequence, d.dropped_utc AS changed_utc
        """;

    private const string SelectLinac = """
        SELECT l.name, c.name AS center_name, c.time_zone FROM linacs l JOIN centers c ON c.id = l.center_id WHERE l.id = @id;
        """;

    private const string SelectPatient = """
        SELECT p.study_id AS name, c.name AS center_name, c.time_zone FROM patients p JOIN centers c ON c.id = p.center_id WHERE p.id = @id;
        """;

    private const string LinacRows = $"""
        SELECT {Columns}
        FROM fractions f JOIN linacs l ON l.id = f.linac_id LEFT JOIN lesions le ON le.id = f.lesion_id
        WHERE f.linac_id = @id AND (@fromUtc IS NULL OR f.start_utc >= @fromUtc) AND (@toUtc IS NULL OR f.start_utc < @toUtc)
          AND ((f.status IN ('planned', 'delivered') AND f.cancelled = 0) OR f.changed_utc >= @sinceUtc)
        UNION ALL
        SELECT {DroppedColumns}
        FROM dropped_fractions d JOIN linacs l ON l.id = d.linac_id LEFT JOIN lesions le ON le.id = d.lesion_id
        WHERE d.linac_id = @id AND (@fromUtc IS NULL OR d.start_utc >= @fromUtc) AND (@toUtc IS NULL OR d.start_utc < @toUtc) AND d.dropped_utc >= @sinceUtc
        """;

    private const string PatientRows = $"""
        SELECT {Columns}
        FROM fractions f JOIN plans p ON p.id = f.plan_id JOIN linacs l ON l.id = f.linac_id LEFT JOIN lesions le ON le.id = f.lesion_id
        WHERE p.patient_id = @id AND (@fromUtc IS NULL OR f.start_utc >= @fromUtc) AND (@toUtc IS NULL OR f.start_utc < @toUtc)
          AND ((f.status IN ('planned', 'delivered') AND f.cancelled = 0) OR f.changed_utc >= @sinceUtc)
        UNION ALL
        SELECT {DroppedColumns}
        FROM dropped_fractions d JOIN plans p ON p.id = d.plan_id JOIN linacs l ON l.id = d.linac_id LEFT JOIN lesions le ON le.id = d.lesion_id
        WHERE p.patient_id = @id AND (@fromUtc IS NULL OR d.start_utc >= @fromUtc) AND (@toUtc IS NULL OR d.start_utc < @toUtc) AND d.dropped_utc >= @sinceUtc
        """;

    // Every column an event is written from, in one string: the feed's ETag hashes it instead of the
    // written feed, so a 304 costs one aggregate over the rows and no iCalendar writing. One printf
    // per row, not a chain of ||, each of which copies the row's text so far.
    private const string Fingerprint = """
        SELECT COALESCE(group_concat(
            printf('%s|%s|%d|%s|%s|%s|%s|%d|%d|%s', id, lesion_label, number, linac_name, start_utc, end_utc, status, cancelled, sequence, changed_utc),
            char(30) ORDER BY start_utc, id), '')
        FROM (
        """;

    private const string FingerprintPostgres = """
        SELECT COALESCE(string_agg(
            concat_ws('|', id, lesion_label, number, linac_name, start_utc, end_utc, status, cancelled, sequence, changed_utc),
            chr(30) ORDER BY start_utc, id), '')
        FROM (
        """;

    private const string SelectLinacFractions = $"{LinacRows} ORDER BY 5, 1;";
    private const string SelectPatientFractions = $"{PatientRows} ORDER BY 5, 1;";
    private const string SelectLinacFingerprint = $"{Fingerprint}{LinacRows});";
    private const string SelectPatientFingerprint = $"{Fingerprint}{PatientRows});";
    private const string SelectLinacFingerprintPostgres = $"{FingerprintPostgres}{LinacRows}) AS rows;";
    private const string SelectPatientFingerprintPostgres = $"{FingerprintPostgres}{PatientRows}) AS rows;";

    public static Task<CalendarOwnerRow> OwnerAsync(IDbConnection connection, CalendarView view, string id, CancellationToken ct) =>
        view == CalendarView.Linac ? LinacAsync(connection, id, ct) : PatientAsync(connection, id, ct);

    /// <summary>The feed's fractions starting in <paramref name="range"/>; an open side is not bounded.</summary>
    public static Task<IEnumerable<CalendarFractionRow>> FractionsAsync(
        IDbConnection connection, CalendarView view, string id, Interval range, Instant since, CancellationToken ct) =>
        connection.QueryAsync<CalendarFractionRow>(Command(view == CalendarView.Linac ? SelectLinacFractions : SelectPatientFractions, id, range, since, ct));

    /// <summary>The same rows as <see cref="FractionsAsync"/>, every column joined into one string, in the feed's order.</summary>
    public static async Task<string> FingerprintAsync(
        IDbConnection connection, CalendarView view, string id, Interval range, Instant since, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<string>(Command(view == CalendarView.Linac ? connection.Pick(SelectLinacFingerprint, SelectLinacFingerprintPostgres) : connection.Pick(SelectPatientFingerprint, SelectPatientFingerprintPostgres), id, range, since, ct)) ?? "";

    private static async Task<CalendarOwnerRow> LinacAsync(IDbConnection connection, string id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<CalendarOwnerRow>(new CommandDefinition(SelectLinac, new { id }, cancellationToken: ct))
        ?? throw Problems.NotFound("linac", id);

    private static async Task<CalendarOwnerRow> PatientAsync(IDbConnection connection, string id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<CalendarOwnerRow>(new CommandDefinition(SelectPatient, new { id }, cancellationToken: ct))
        ?? throw Problems.NotFound("patient", id);

    private static CommandDefinition Command(string sql, string id, Interval range, Instant since, CancellationToken ct) =>
        new(sql, new
        {
            id,
            fromUtc = range.HasStart ? WireFormat.ToUtc(range.Start) : null,
            toUtc = range.HasEnd ? WireFormat.ToUtc(range.End) : null,
            sinceUtc = WireFormat.ToUtc(since),
        }, cancellationToken: ct);
}
