using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>A hand-made plan that breaks one hard rule, and the rule names a validator may report for it.</summary>
public sealed record BrokenPlan(PlanRequest Request, IReadOnlyList<PlannedFraction> Fractions, string[] Rules);

/// <summary>
/// Hand-made broken plans, each one valid plan (two lesions on days 1, 3, 5, 8, 10 at 09:00 and
/// 09:30, Monday-Friday, D1 Monday 2026-10-05) with one thing changed. Shared by the oracle's and
/// the production validator's tests so both are held to the same cases.
/// </summary>
public static class BrokenPlans
{
    private static readonly LocalDate Monday = Fixtures.QuietMonday;
    private static readonly Linac L1 = Fixtures.Linac("L1", 9, 12, 30);
    private static readonly Linac L2 = Fixtures.Linac("L2", 9, 12, 30);
    private static readonly int[] CourseDays = [1, 3, 5, 8, 10];

    private static readonly Dictionary<string, Func<BrokenPlan>> Cases = new()
    {
        ["gap47hAcrossSpringForward"] = Gap47hAcrossSpringForward,
        ["gap24h"] = () => Edit(Base(), (r, f) => Move(r, f, "les1", 3, Day(2) + T(9, 0)), Rules.Gap48h),
        ["orderInsideVisit"] = () => Edit(Base(), (r, f) =>
            Move(r, Move(r, f, "les1", 1, Day(1) + T(9, 30)), "les2", 1, Day(1) + T(9, 0)), Rules.Gap48h),
        ["fractionOnClosure"] = () => Edit(Base(closures: new Closure(Day(3), "Snow day")), (_, f) => f, Rules.OpenTime),
        ["fractionOnWeekend"] = () => Edit(Base(lesions: 1), (r, f) => Move(r, f, "les1", 5, Day(6) + T(9, 0)), Rules.OpenTime),
        ["fractionInDowntime"] = () => Edit(
            Base(linacs: L1 with { Downtimes = [new Downtime(Day(3) + T(9, 0), Day(3) + T(10, 0), "QA")] }), (_, f) => f, Rules.OpenTime),
        ["fractionAfterClosingTime"] = () => Edit(Base(lesions: 1), (r, f) => Replace(r, f, "les1", 1, Day(1) + T(13, 0), Day(1) + T(13, 30)), Rules.OpenTime),
        ["fractionStraddlesTwoSlots"] = () => Edit(Base(lesions: 1), (r, f) => Replace(r, f, "les1", 1, Day(1) + T(9, 15), Day(1) + T(9, 45)), Rules.Capacity, Rules.OpenTime),
        ["slotBookedByAnotherPatient"] = () => Edit(
            Base() with { Bookings = [new Booking("L1", Fixtures.At(Day(1), 9, 0), Fixtures.At(Day(1), 9, 30))] }, (_, f) => f, Rules.Capacity),
        ["twoFractionsInOneSlot"] = () => Edit(Base(), (r, f) => Move(r, f, "les2", 1, Day(1) + T(9, 0)), Rules.Capacity),
        ["visitNotInConsecutiveSlots"] = () => Edit(Base(), (r, f) => Move(r, f, "les2", 1, Day(1) + T(10, 0)), Rules.OneVisitPerDay),
        ["visitOnTwoLinacs"] = () => Edit(Base(linacs: [L1, L2]), (r, f) => Move(r, f, "les2", 1, Day(1) + T(9, 30), L2), Rules.OneVisitPerDay),
        ["tooManyInOneVisit"] = () => Edit(Base(lesions: 3, cap: 2), (_, f) => f, Rules.DailyCap),
        ["fourFractions"] = () => Edit(Base(), (_, f) => [.. f.Where(x => !(x.LesionId == "les1" && Spec.LocalDate(Base(), x) == Day(10)))], Rules.Prescription),
        ["sixFractions"] = () => Edit(Base(lesions: 1), (r, f) => [.. f, PlanFactory.At(r, L1, "les1", Day(12) + T(9, 0))], Rules.Prescription),
        ["unknownLesion"] = () => Edit(Base(lesions: 1), (r, f) => [.. f, .. Course(r, "les9", 9, 30)], Rules.Prescription),
        ["movedKeptFraction"] = () => Edit(
            Base() with { Kept = [new KeptFraction("les1", "L1", Fixtures.At(Day(1), 9, 0), Fixtures.At(Day(1), 9, 30), KeptReason.Delivered) { FractionId = "f1" }] },
            (r, f) => Move(r, Move(r, f, "les2", 1, Day(1) + T(9, 0)), "les1", 1, Day(1) + T(9, 30), origin: FractionOrigin.Delivered, id: "f1"),
            Rules.KeptFractions),
        ["droppedPinnedFraction"] = () => Edit(
            Base(lesions: 1) with { Kept = [new KeptFraction("les1", "L1", Fixtures.At(Day(12), 11, 0), Fixtures.At(Day(12), 11, 30), KeptReason.Pinned) { FractionId = "p1" }] },
            (_, f) => f, Rules.KeptFractions),
        ["plannedBeforeNotBefore"] = () => Edit(Base(lesions: 1) with { NotBefore = Fixtures.At(Day(1), 10, 0) }, (_, f) => f, Rules.NotInPast),
        ["lastFractionAfterWindow"] = () => Edit(Base(lesions: 1), (r, f) => Move(r, f, "les1", 10, Day(15) + T(9, 0)), Rules.Window),
        ["lastFractionAfterDayOnePlus19"] = () => Edit(
            Base(lesions: 1) with { AllowProtocolDeviation = true }, (r, f) => Move(r, f, "les1", 10, Day(22) + T(9, 0)), Rules.Window, Rules.Milestones),
        ["noSimulationDay"] = () => Edit(
            Base(lesions: 1, closures: [.. Enumerable.Range(-7, 7).Select(d => new Closure(Monday.PlusDays(d), "Closed for renovation"))]),
            (_, f) => f, Rules.Milestones),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    public static BrokenPlan Get(string name) => Cases[name]();

    /// <summary>The unbroken plan the cases start from, for a sanity check.</summary>
    public static (PlanRequest Request, IReadOnlyList<PlannedFraction> Fractions) Valid()
    {
        var request = Base();
        return (request, Valid(request));
    }

    private static LocalDate Day(int n) => Monday.PlusDays(n - 1);

    private static LocalTime T(int hour, int minute) => new(hour, minute);

    private static PlanRequest Base(int lesions = 2, int cap = 3, Closure[]? closures = null, params Linac[] linacs) =>
        Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday, closures ?? []), Monday, lesions, cap, linacs.Length == 0 ? [L1] : linacs);

    private static PlanRequest Base(Closure closures) => Base(closures: [closures]);

    private static List<PlannedFraction> Course(PlanRequest request, string lesion, int hour, int minute) =>
        [.. CourseDays.Select(d => PlanFactory.At(request, L1, lesion, Day(d) + T(hour, minute)))];

    private static List<PlannedFraction> Valid(PlanRequest request) =>
        [.. request.Patient.Lesions.SelectMany((l, i) => Course(request, l.Id, 9 + (i / 2), i % 2 * 30))];

    private static BrokenPlan Edit(PlanRequest request, Func<PlanRequest, List<PlannedFraction>, List<PlannedFraction>> change, params string[] rules) =>
        new(request, PlanFactory.Number(change(request, Valid(request))), rules);

    /// <summary>Moves the fraction of <paramref name="lesion"/> on course day <paramref name="day"/> to the grid slot starting at <paramref name="to"/>.</summary>
    private static List<PlannedFraction> Move(PlanRequest request, List<PlannedFraction> fractions, string lesion, int day, LocalDateTime to, Linac? linac = null, FractionOrigin origin = FractionOrigin.Planned, string? id = null)
    {
        var moved = PlanFactory.At(request, linac ?? L1, lesion, to, origin) with { FractionId = id };
        return [.. fractions.Where(f => !(f.LesionId == lesion && Spec.LocalDate(request, f) == Day(day))), moved];
    }

    /// <summary>Like <see cref="Move"/> but to any local interval, on the grid or not.</summary>
    private static List<PlannedFraction> Replace(PlanRequest request, List<PlannedFraction> fractions, string lesion, int day, LocalDateTime start, LocalDateTime end)
    {
        var zone = request.Center.Zone;
        var replaced = PlanFactory.Fraction(request, lesion, "L1", start.InZoneStrictly(zone).ToInstant(), end.InZoneStrictly(zone).ToInstant());
        return [.. fractions.Where(f => !(f.LesionId == lesion && Spec.LocalDate(request, f) == Day(day))), replaced];
    }

    /// <summary>
    /// Seven-day center, D1 Saturday 2027-03-13 (America/New_York springs forward on Sunday 14th):
    /// Saturday 09:00 EST to Monday 09:00 EDT is 47 h of elapsed time though two calendar days.
    /// </summary>
    private static BrokenPlan Gap47hAcrossSpringForward()
    {
        var saturday = new LocalDate(2027, 3, 13);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.EveryDay), saturday, 1, 3, L1);
        var fractions = new[] { 0, 2, 4, 6, 8 }.Select(d => PlanFactory.At(request, L1, "les1", saturday.PlusDays(d) + T(9, 0)));
        return new BrokenPlan(request, PlanFactory.Number(fractions), [Rules.Gap48h]);
    }
}
