using System.Globalization;
using Cimer.Sbrt.Api.Web;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using NodaTime;
using NodaTime.Text;
using Duration = NodaTime.Duration;
using Instant = NodaTime.Instant;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>
/// One Appointment per visit: all fractions of one plan on one center-local date, id
/// <c>{planId}-{yyyyMMdd}</c>. Its status follows the fractions: <c>booked</c> while any is planned,
/// <c>fulfilled</c> once given, <c>waitlist</c> when its slots were taken away and it awaits a
/// person, <c>noshow</c> when missed, <c>cancelled</c> when its plan was cancelled before it. The patient is
/// named by study id only; the linac is a Device.
/// </summary>
internal static class FhirAppointments
{
    public const string StudyIdSystem = "urn:cimer:study-id";

    public static readonly IReadOnlyList<string> Statuses =
        ["proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow", "entered-in-error", "checked-in", "waitlist"];

    private static readonly LocalDatePattern IdDate = LocalDatePattern.CreateWithInvariantCulture("uuuuMMdd");

    public static async Task<IReadOnlyList<Appointment>> SearchAsync(
        DbConnection connection, IReadOnlyList<DateParameter> date, string? linacId, string? studyId, IReadOnlySet<string>? statuses, CancellationToken ct)
    {
        // Coarse bounds for SQL (a zone is within 14 h of UTC), exact ones per visit below.
        var (low, high) = DateParameter.Window(date, DateTimeZone.Utc);
        var fromUtc = low == Instant.MinValue ? "0" : WireFormat.ToUtc(low - Duration.FromDays(2));
        var toUtc = high == Instant.MaxValue ? "9" : WireFormat.ToUtc(high + Duration.FromDays(2));
        var fractions = await FhirStore.VisitFractionsAsync(connection, null, studyId, fromUtc, toUtc, ct);
        return [.. Visits(fractions)
            .Where(v => linacId is null || v.Fractions.Any(f => f.LinacId == linacId))
            .Where(v => InWindow(v, date))
            .Select(ToResource)
            .Where(a => statuses is null || statuses.Contains(EnumUtility.GetLiteral(a.Status) ?? ""))
            .OrderBy(a => a.Start).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    public static async Task<Appointment> ReadAsync(DbConnection connection, string id, CancellationToken ct)
    {
        var dash = id.LastIndexOf('-');
        var date = dash > 0 ? IdDate.Parse(id[(dash + 1)..]) : null;
        if (date is not { Success: true })
        {
            throw FhirException.NotFound("Appointment", id);
        }

        if (!RequestYears.Contains(date.Value))
        {
            throw FhirException.Invalid($"Appointment id '{id}' is dated out of bounds: {RequestYears.Rule}");
        }

        var fractions = await FhirStore.VisitFractionsAsync(connection, id[..dash], null, "0", "9", ct);
        return Visits(fractions).Where(v => v.Date == date.Value).Select(ToResource).SingleOrDefault()
            ?? throw FhirException.NotFound("Appointment", id);
    }

    /// <summary>Whether the visit's start matches every date parameter, dates read in the visit's center zone.</summary>
    private static bool InWindow(Visit visit, IReadOnlyList<DateParameter> date)
    {
        var start = WireFormat.FromUtc(visit.Fractions[0].StartUtc);
        var (low, high) = DateParameter.Window(date, DateTimeZoneProviders.Tzdb[visit.Fractions[0].TimeZone]);
        return start >= low && start < high;
    }

    private static IEnumerable<Visit> Visits(IReadOnlyList<VisitFractionRow> fractions) =>
        fractions.GroupBy(f => (f.PlanId, WireFormat.FromUtc(f.StartUtc).InZone(DateTimeZoneProviders.Tzdb[f.TimeZone]).Date))
            .Select(g => new Visit(g.Key.PlanId, g.Key.Date, [.. g.OrderBy(f => f.StartUtc, StringComparer.Ordinal)]));

    private static Appointment ToResource(Visit visit)
    {
        var zone = DateTimeZoneProviders.Tzdb[visit.Fractions[0].TimeZone];
        var start = WireFormat.FromUtc(visit.Fractions[0].StartUtc).InZone(zone);
        var end = WireFormat.FromUtc(visit.Fractions.Max(f => f.EndUtc)!).InZone(zone);
        var appointment = new Appointment
        {
            Id = $"{visit.PlanId}-{IdDate.Format(visit.Date)}",
            Status = Status(visit.Fractions),
            ServiceType = [new CodeableConcept { Text = "Stereotactic body radiotherapy (SBRT)" }],
            Description = string.Create(CultureInfo.InvariantCulture, $"SBRT visit: {visit.Fractions.Count} fraction{(visit.Fractions.Count == 1 ? "" : "s")}"),
            Start = start.ToDateTimeOffset(),
            End = end.ToDateTimeOffset(),
            MinutesDuration = (int)(end.ToInstant() - start.ToInstant()).TotalMinutes,
            Slot = [.. visit.Fractions.Select(f => new ResourceReference($"Slot/{FhirSlots.Id(f.LinacId, WireFormat.FromUtc(f.StartUtc))}"))],
        };
        appointment.Participant.Add(new Appointment.ParticipantComponent
        {
            Actor = new ResourceReference { Identifier = new Identifier(StudyIdSystem, visit.Fractions[0].StudyId), Type = "Patient" },
            Status = ParticipationStatus.Accepted,
        });
        foreach (var linac in visit.Fractions.DistinctBy(f => f.LinacId))
        {
            appointment.Participant.Add(new Appointment.ParticipantComponent
            {
                Actor = new ResourceReference($"Device/{linac.LinacId}", linac.LinacName),
                Status = ParticipationStatus.Accepted,
            });
        }

        return appointment;
    }

    /// <summary>What happened wins over what was cancelled: a visit given before its plan was cancelled stays fulfilled.</summary>
    private static Appointment.AppointmentStatus Status(IReadOnlyList<VisitFractionRow> fractions) => fractions switch
    {
        _ when fractions.Any(f => f.Status == "planned" && f.Cancelled == 0) => Appointment.AppointmentStatus.Booked,
        _ when fractions.Any(f => f.Status == "delivered") => Appointment.AppointmentStatus.Fulfilled,
        _ when fractions.Any(f => f.Status == "displaced" && f.Cancelled == 0) => Appointment.AppointmentStatus.Waitlist,
        _ when fractions.Any(f => f.Status == "missed") => Appointment.AppointmentStatus.Noshow,
        _ => Appointment.AppointmentStatus.Cancelled,
    };

    private sealed record Visit(string PlanId, LocalDate Date, IReadOnlyList<VisitFractionRow> Fractions);
}
