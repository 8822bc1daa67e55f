using System.Data;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// Everything the core reads to decide for one patient, gathered in the caller's transaction: the
/// center's calendar (manual and holiday closures), its linacs with downtimes, the patient and the
/// slots every live plan holds, by plan.
/// </summary>
internal sealed record PlanningInputs(
    CenterCalendar Calendar, IReadOnlyList<Linac> Linacs, Patient Patient, IReadOnlyList<PlanBooking> Bookings,
    long CalendarVersion, long PatientVersion)
{
    /// <summary>Days before D1 the calendar covers: the widened window starts at D1-2, simulation at D1-7.</summary>
    public const int DaysBeforeDayOne = 10;

    /// <summary>Days after D1 the calendar covers: a re-plan may run to D1+19.</summary>
    public const int DaysAfterDayOne = 25;

    public static async Task<PlanningInputs> LoadAsync(
        IDbConnection connection, IDbTransaction transaction, PatientRow patient, CancellationToken ct, IReadOnlyList<LesionRow>? lesions = null)
    {
        var center = await CenterStore.GetAsync(connection, patient.CenterId, ct, transaction);
        var dayOne = WireFormat.ParseDate(patient.DayOne);
        var (calendar, linacs, bookings) = await CenterAsync(connection, transaction, center, dayOne, dayOne, ct);
        // A correction passes the lesions it is about to write: the core decides before anything is written.
        lesions ??= await PatientStore.LesionsAsync(connection, patient.Id, ct, transaction);
        var absences = await AbsenceStore.ListAsync(connection, patient.Id, ct, transaction);
        return new PlanningInputs(calendar, linacs, ToPatient(patient, lesions, absences), bookings, center.CalendarVersion, patient.Version);
    }

    /// <summary>The inputs for changing <paramref name="plan"/>.</summary>
    public static async Task<PlanningInputs> ForPlanAsync(IDbConnection connection, IDbTransaction transaction, PlanRecord plan, CancellationToken ct)
    {
        var patient = await PatientStore.GetAsync(connection, plan.Plan.PatientId, ct, transaction);
        return await LoadAsync(connection, transaction, patient, ct);
    }

    /// <summary>
    /// What a batch over many plans of one center reads, once: the calendar and bookings over all their
    /// dates, the linacs, and each plan with its patient.
    /// </summary>
    public static async Task<CenterInputs> ForPlansAsync(
        IDbConnection connection, IDbTransaction transaction, string centerId, IReadOnlyList<PlanRecord> plans, CancellationToken ct,
        LocalDate? alsoDayOne = null)
    {
        var center = await CenterStore.GetAsync(connection, centerId, ct, transaction);
        // Three queries for the whole batch, not three a plan: a bulk re-plan or a make-room search reads
        // every live plan around the dates.
        var patientIds = plans.Select(p => p.Plan.PatientId).Distinct(StringComparer.Ordinal).ToList();
        var patients = (await PatientStore.ManyAsync(connection, patientIds, ct, transaction)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var lesions = await PatientStore.LesionsOfAsync(connection, patientIds, ct, transaction);
        var absences = await AbsenceStore.OfPatientsAsync(connection, patientIds, ct, transaction);
        var around = plans.Select(plan => patients.GetValueOrDefault(plan.Plan.PatientId) is { } patient
                ? new PlanAround(plan.Plan, ToPatient(patient, [.. lesions[patient.Id]], [.. absences[patient.Id]]))
                : throw Problems.NotFound("patient", plan.Plan.PatientId))
            .ToList();

        if (around.Count == 0 && alsoDayOne is null)
        {
            // Nothing to decide: no dates to read the calendar for.
            return new CenterInputs(new CenterCalendar(CenterCalendars.Zone(center), []), [], [], []);
        }

        var dayOnes = around.Select(p => p.Patient.DayOne).Concat(alsoDayOne is { } also ? [also] : []).ToList();
        var (calendar, linacs, bookings) = await CenterAsync(connection, transaction, center, dayOnes.Min(), dayOnes.Max(), ct);
        return new CenterInputs(calendar, linacs, around, bookings);
    }

    /// <summary>What the core plans this patient around: every slot but those of <paramref name="planId"/>.</summary>
    public PlanRequest Around(string? planId = null) => new()
    {
        Center = Calendar,
        Linacs = Linacs,
        Patient = Patient,
        Bookings = [.. Bookings.Where(b => b.PlanId != planId).Select(b => b.Booking)],
    };

    /// <summary>A first plan's request.</summary>
    public PlanRequest Request(int maxFractionsPerDay, Instant? notBefore) =>
        Around() with { MaxFractionsPerDay = maxFractionsPerDay, NotBefore = notBefore };

    /// <summary>
    /// Whether a decision made on these inputs may still be written, read in the writing transaction:
    /// the center's calendar (closures, linacs, downtimes) and the patient are as they were read.
    /// Other plans' bookings need no comparison: a slot taken meanwhile fires the booked-slot index,
    /// and a slot freed meanwhile cannot make the decision wrong, only no longer the best possible now,
    /// as it was when the freeing change had not yet committed.
    /// </summary>
    public async Task<bool> StillCurrentAsync(IDbConnection connection, IDbTransaction transaction, string patientId, CancellationToken ct)
    {
        // Every correction (hours included), every absence recorded or removed and a withdrawal raise the patient's version.
        var patient = await PatientStore.GetAsync(connection, patientId, ct, transaction);
        var center = await CenterStore.GetAsync(connection, patient.CenterId, ct, transaction);
        return center.CalendarVersion == CalendarVersion && patient.Version == PatientVersion;
    }

    private static async Task<(CenterCalendar, IReadOnlyList<Linac>, IReadOnlyList<PlanBooking>)> CenterAsync(
        IDbConnection connection, IDbTransaction transaction, CenterRow center, LocalDate firstDayOne, LocalDate lastDayOne, CancellationToken ct)
    {
        var zone = CenterCalendars.Zone(center);
        var from = firstDayOne.PlusDays(-DaysBeforeDayOne);
        var to = lastDayOne.PlusDays(DaysAfterDayOne);
        var calendar = await CenterCalendars.LoadAsync(connection, center, from, to, ct, transaction);
        var linacs = await LinacStore.SchedulingLinacsAsync(connection, center.Id, ct, transaction);
        // Other plans' slots matter on the days these plans may book only (a day of margin each side for
        // the zone): at a busy center that is two thirds of the rows the calendar's dates would bring.
        var (bookFrom, bookTo) = (BookableDays.For(firstDayOne).First, BookableDays.For(lastDayOne).Last);
        var bookings = await PlanStore.BookingsAsync(
            connection, transaction, center.Id,
            bookFrom.PlusDays(-1).AtStartOfDayInZone(zone).ToInstant(),
            bookTo.PlusDays(2).AtStartOfDayInZone(zone).ToInstant(), ct);
        return (calendar, linacs, bookings);
    }

    /// <summary>The patient as the core plans her: arm, day 1, lesions, and the hours, absences and preferred time every plan keeps.</summary>
    private static Patient ToPatient(PatientRow patient, IReadOnlyList<LesionRow> lesions, IReadOnlyList<AbsenceRow> absences)
    {
        var hours = PatientHours.Of(patient);
        return new((int)patient.Arm, WireFormat.ParseDate(patient.DayOne), [.. lesions.Select(l => new Lesion(l.Id, l.Label))])
        {
            AvailableFrom = hours.From,
            AvailableUntil = hours.Until,
            PreferredTime = hours.Preferred,
            Absences = [.. absences.Select(AbsenceStore.ToCore)],
        };
    }
}

/// <summary>A center's calendar, linacs and bookings over the dates of <see cref="Plans"/>, each with its patient.</summary>
internal sealed record CenterInputs(CenterCalendar Calendar, IReadOnlyList<Linac> Linacs, IReadOnlyList<PlanAround> Plans, IReadOnlyList<PlanBooking> Bookings);
