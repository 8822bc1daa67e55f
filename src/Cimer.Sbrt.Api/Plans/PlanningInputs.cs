using System.Data;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// Everything the core reads for one patient, gathered in the caller's transaction: the center's
/// calendar (manual and holiday closures), its linacs with downtimes, the patient and the slots
/// every other live plan holds.
/// </summary>
internal sealed record PlanningInputs(
    CenterCalendar Calendar, IReadOnlyList<Linac> Linacs, Patient Patient, IReadOnlyList<Booking> Bookings,
    long CalendarVersion, long PatientVersion)
{
    /// <summary>Days before D1 the calendar covers: the widened window starts at D1-2, simulation at D1-7.</summary>
    public const int DaysBeforeDayOne = 10;

    /// <summary>Days after D1 the calendar covers: a re-plan may run to D1+19.</summary>
    public const int DaysAfterDayOne = 25;

    public static async Task<PlanningInputs> LoadAsync(
        IDbConnection connection, IDbTransaction transaction, PatientRow patient, string? exceptPlanId, CancellationToken ct,
        IReadOnlyList<LesionRow>? lesions = null)
    {
        var center = await CenterStore.GetAsync(connection, patient.CenterId, ct, transaction);
        var zone = CenterCalendars.Zone(center);
        var dayOne = WireFormat.ParseDate(patient.DayOne);
        var from = dayOne.PlusDays(-DaysBeforeDayOne);
        var to = dayOne.PlusDays(DaysAfterDayOne);
        var calendar = await CenterCalendars.LoadAsync(connection, center, from, to, ct, transaction);
        var linacs = await LinacStore.SchedulingLinacsAsync(connection, center.Id, ct, transaction);
        // A correction passes the lesions it is about to write: the core decides before anything is written.
        lesions ??= await PatientStore.LesionsAsync(connection, patient.Id, ct, transaction);
        var bookings = await PlanStore.BookingsAsync(
            connection, transaction, center.Id, exceptPlanId,
            from.PlusDays(-1).AtStartOfDayInZone(zone).ToInstant(),
            to.PlusDays(2).AtStartOfDayInZone(zone).ToInstant(), ct);
        var schedulingPatient = new Patient((int)patient.Arm, dayOne, [.. lesions.Select(l => new Lesion(l.Id, l.Label))]);
        return new PlanningInputs(calendar, linacs, schedulingPatient, bookings, center.CalendarVersion, patient.Version);
    }

    /// <summary>
    /// Whether a decision made on these inputs may still be written, read in the writing transaction:
    /// the center's calendar (closures, linacs, downtimes) and the patient are as they were read.
    /// Other plans' bookings need no comparison: a slot taken meanwhile fires the booked-slot index,
    /// and a slot freed meanwhile cannot make the decision wrong, only no longer the best possible now,
    /// as it was when the freeing change had not yet committed.
    /// </summary>
    public async Task<bool> StillCurrentAsync(IDbConnection connection, IDbTransaction transaction, string patientId, CancellationToken ct)
    {
        // Every correction and a withdrawal raise the patient's version.
        var patient = await PatientStore.GetAsync(connection, patientId, ct, transaction);
        var center = await CenterStore.GetAsync(connection, patient.CenterId, ct, transaction);
        return center.CalendarVersion == CalendarVersion && patient.Version == PatientVersion;
    }

    /// <summary>The inputs for re-planning <paramref name="plan"/>: every booking but its own.</summary>
    public static async Task<PlanningInputs> ForPlanAsync(IDbConnection connection, IDbTransaction transaction, PlanRecord plan, CancellationToken ct)
    {
        var patient = await PatientStore.GetAsync(connection, plan.PatientId, ct, transaction);
        return await LoadAsync(connection, transaction, patient, plan.Id, ct);
    }

    public PlanRequest Request(int maxFractionsPerDay, Instant? notBefore) => new()
    {
        Center = Calendar,
        Linacs = Linacs,
        Patient = Patient,
        Bookings = Bookings,
        MaxFractionsPerDay = maxFractionsPerDay,
        NotBefore = notBefore,
    };
}
