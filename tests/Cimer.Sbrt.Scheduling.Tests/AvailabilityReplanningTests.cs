using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// The patient's absences and hours as lifecycle decisions: an absence re-plans what remains at once
/// (R1-R5), new hours or a new preferred time re-plan it when the plan breaks them or the wish changed.
/// </summary>
public sealed class AvailabilityReplanningTests
{
    private static readonly LocalDate Monday = Fixtures.QuietMonday;
    private static readonly Instant BeforeDayOne = Fixtures.At(Monday.PlusDays(-3), 12);

    private static Func<string> Counter(string prefix)
    {
        var next = 0;
        return () => $"{prefix}{++next}";
    }

    private static (PlanRequest Around, BookedPlan Plan) Booked(IEnumerable<IsoDayOfWeek>? openDays = null, int toHour = 17)
    {
        var around = Fixtures.Request(Fixtures.Center(openDays ?? Fixtures.EveryDay), Monday, lesions: 1, linacs: Fixtures.Linac(toHour: toHour));
        var plan = PlanLifecycle.Create(Solve.Feasible(around), "pat", "c1", around.Center.Zone, around.MaxFractionsPerDay, Counter("f")).After;
        return (around, plan);
    }

    private static PlanRequest Absent(PlanRequest around, params Absence[] absences) =>
        around with { Patient = around.Patient with { Absences = [.. around.Patient.Absences, .. absences] } };

    private static LocalDate DateOf(BookedFraction f, BookedPlan plan) => f.Start.InZone(plan.Zone).Date;

    [Fact]
    public void Decide_NoFractionThatDay_IsNull()
    {
        var (around, plan) = Booked();
        var free = Enumerable.Range(0, 12).Select(Monday.PlusDays).First(d => plan.Booked.All(f => DateOf(f, plan) != d));
        var absence = new Absence(free, "family") { Id = "a1" };

        Assert.Null(AbsenceReplanning.Decide(plan, Absent(around, absence), absence, "r", BeforeDayOne, new SlotGridCache(), Counter("n")));
    }

    [Fact]
    public void Decide_FractionThatDayWithRoom_ReplansInsideTheWindowAwayFromTheDate()
    {
        var (around, plan) = Booked();
        var hit = plan.Booked.OrderBy(f => f.Start).ElementAt(2);
        var absence = new Absence(DateOf(hit, plan), "family wedding") { Id = "a1" };

        var decision = AbsenceReplanning.Decide(plan, Absent(around, absence), absence, "cannot come", BeforeDayOne, new SlotGridCache(), Counter("n"))!;

        Assert.Equal((PlanChangeKind.Replanned, PlanStatus.Draft, 2L), (decision.Kind, decision.After.Status, decision.After.Version));
        Assert.Equal([PlanEvent.PlanChanged], decision.Events);
        Assert.DoesNotContain(decision.After.Booked, f => DateOf(f, plan) == absence.Date);
        Assert.Equal(5, decision.After.Booked.Count());
        Assert.Null(decision.Solved!.ProtocolDeviation);
        Assert.All(decision.After.Booked, f => Assert.InRange(DateOf(f, plan), plan.WindowStart, plan.WindowEnd));
        Assert.Contains(decision.Changes!, m => m.FractionId == hit.Id);
        Assert.Equal("cannot come", decision.Reason);
    }

    [Fact]
    public void Decide_PinnedFractionThatDay_NeedsAttentionNamingItAndMovesNothing()
    {
        var (around, plan) = Booked();
        var hit = plan.Booked.OrderBy(f => f.Start).ElementAt(1);
        plan = plan with { Fractions = [.. plan.Fractions.Select(f => f.Id == hit.Id ? f with { Pinned = true } : f)] };
        var absence = new Absence(DateOf(hit, plan), "family") { Id = "a1" };

        var decision = AbsenceReplanning.Decide(plan, Absent(around, absence), absence, "r", BeforeDayOne, new SlotGridCache(), Counter("n"))!;

        Assert.Equal((PlanChangeKind.NeedsAttention, PlanStatus.NeedsAttention), (decision.Kind, decision.After.Status));
        Assert.Equal([PlanEvent.PlanNeedsAttention], decision.Events);
        Assert.Contains("pinned", decision.After.AttentionReason, StringComparison.Ordinal);
        Assert.Contains($"fraction {hit.Number}", decision.After.AttentionReason, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(decision.Moves);
        Assert.Equal(plan.Booked.Select(f => f.Slot), decision.After.Booked.Select(f => f.Slot));
    }

    [Fact]
    public void Decide_NoPlanByDayTwenty_NeedsAttentionAndDisplacesOnlyThatDate()
    {
        // Absent on every day up to D1+19 but four of the plan's own: with the new absence on one of those,
        // three usable days are left for five fractions of one lesion, so no re-plan exists (R5).
        var (around, plan) = Booked();
        var dates = plan.Booked.Select(f => DateOf(f, plan)).Distinct().ToList();
        var hit = plan.Booked.OrderBy(f => f.Start).First();
        var away = Enumerable.Range(-2, 22).Select(Monday.PlusDays).Where(d => !dates.Take(4).Contains(d) && d != DateOf(hit, plan))
            .Select(d => new Absence(d, "away")).ToList();
        var before = around with { Patient = around.Patient with { Absences = away } };
        var absence = new Absence(DateOf(hit, plan), "hospitalised") { Id = "a1" };

        var decision = AbsenceReplanning.Decide(plan, Absent(before, absence), absence, "r", BeforeDayOne, new SlotGridCache(), Counter("n"))!;

        Assert.Equal(PlanStatus.NeedsAttention, decision.After.Status);
        var displaced = Assert.Single(decision.After.Fractions, f => f.Status == FractionStatus.Displaced);
        Assert.Equal(hit.Id, displaced.Id);
        Assert.Contains("no re-plan fits", decision.After.AttentionReason, StringComparison.Ordinal);
        Assert.Equal(4, decision.After.Booked.Count());
    }

    [Fact]
    public void Decide_WithoutTheAbsenceInThePatient_Throws()
    {
        var (around, plan) = Booked();
        var absence = new Absence(Monday, "x");

        Assert.Throws<ArgumentException>(() => AbsenceReplanning.Decide(plan, around, absence, "r", BeforeDayOne, new SlotGridCache(), Counter("n")));
    }

    [Fact]
    public void Hours_AvailableFromOnePm_MovesEveryFractionToOneOrLater()
    {
        var (around, plan) = Booked(Fixtures.MondayToFriday);
        var limited = around with { Patient = around.Patient with { AvailableFrom = new LocalTime(13, 0) } };

        var decision = HoursReplanning.Decide(plan, limited, false, "works mornings", BeforeDayOne, new SlotGridCache(), Counter("n"))!.Decision!;

        Assert.All(decision.After.Booked, f => Assert.True(f.Start.InZone(plan.Zone).TimeOfDay >= new LocalTime(13, 0)));
        Assert.Equal(5, decision.After.Booked.Count());
    }

    [Fact]
    public void Hours_PlanAlreadyKeepsThem_IsNull()
    {
        var (around, plan) = Booked(Fixtures.MondayToFriday);
        var wide = around with { Patient = around.Patient with { AvailableFrom = new LocalTime(7, 0), AvailableUntil = new LocalTime(20, 0) } };

        Assert.Null(HoursReplanning.Decide(plan, wide, false, "r", BeforeDayOne, new SlotGridCache(), Counter("n")));
    }

    [Fact]
    public void Hours_PreferredTwoPm_MovesVisitsToTwoKeepingSpanAndVisits()
    {
        var (around, plan) = Booked(Fixtures.MondayToFriday);
        var preferring = around with { Patient = around.Patient with { PreferredTime = new LocalTime(14, 0) } };

        var decision = HoursReplanning.Decide(plan, preferring, true, "prefers afternoons", BeforeDayOne, new SlotGridCache(), Counter("n"))!.Decision!;

        Assert.All(decision.After.Booked, f => Assert.Equal(new LocalTime(14, 0), f.Start.InZone(plan.Zone).TimeOfDay));
        Assert.Equal(plan.Booked.Select(f => DateOf(f, plan)).Order(), decision.After.Booked.Select(f => DateOf(f, plan)).Order());
    }

    [Fact]
    public void Hours_NoPlanFits_IsTheCoresInfeasibility()
    {
        var (around, plan) = Booked(Fixtures.MondayToFriday, toHour: 12);
        var late = around with { Patient = around.Patient with { AvailableFrom = new LocalTime(15, 0) } };

        var change = HoursReplanning.Decide(plan, late, false, "r", BeforeDayOne, new SlotGridCache(), Counter("n"))!;

        Assert.Null(change.Decision);
        Assert.Equal(InfeasibilityCodes.PatientUnavailable, change.Infeasibility!.Code);
    }
}
