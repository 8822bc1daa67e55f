using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>Rule 7 and R1-R5: kept fractions are facts, "now" is a boundary, a late miss runs past the window.</summary>
public sealed class ReplanTests
{
    private static readonly LocalDate Monday = Fixtures.QuietMonday;
    private static readonly Linac L1 = Fixtures.Linac(toHour: 12);

    [Fact]
    public void Plan_OneDeliveredFractionOnDayOne_PlansTheOtherFour()
    {
        // The smallest re-plan: one lesion, its first fraction delivered on D1 at 09:00.
        var linac = Fixtures.Linac(toHour: 10);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, linacs: linac);
        var delivered = Fixtures.Kept(request, linac, "les1", Monday + new LocalTime(9, 0), KeptReason.Delivered, "d1");

        var plan = Solve.Feasible(request with { Kept = [delivered] });

        Assert.Equal(new PlanKey(0, 10, 5), PlanKey.Of(request, plan));
    }

    [Fact]
    public void Plan_TwoDeliveredFractions_KeepsThemAndFinishesTheCourse()
    {
        var request = Request();
        var delivered = new[]
        {
            Fixtures.Kept(request, L1, "les1", Monday + new LocalTime(9, 0), KeptReason.Delivered, "d1"),
            Fixtures.Kept(request, L1, "les1", Monday.PlusDays(2) + new LocalTime(9, 0), KeptReason.Delivered, "d2"),
        };
        request = request with { Kept = delivered, NotBefore = delivered[1].Start, AllowProtocolDeviation = true };

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(0, 10, 5), PlanKey.Of(request, plan));
        Assert.Equal(["d1", "d2"], plan.Fractions.Where(f => f.Origin == FractionOrigin.Delivered).OrderBy(f => f.Number).Select(f => f.FractionId));
        Assert.Null(plan.ProtocolDeviation);
    }

    [Fact]
    public void Plan_MissedLastFractionOnDayTwelve_RunsThreeDaysPastWindowWithDeviation()
    {
        // Delivered Mon 5, Wed 7, Fri 9, Mon 12; the fifth (Fri 16 = D1+11 09:00) was missed and it is
        // now Fri 16 noon, after the last slot. Next open day: Mon 19 = D1+14, 3 days past W0, caused
        // by that miss. A miss is not a holiday: nothing widens before D1, no closure is named.
        var (request, missed) = MissedFifth();

        var plan = Solve.Feasible(request with { AllowProtocolDeviation = true });

        Assert.Equal(Monday.PlusDays(14), plan.Fractions.Max(f => f.Start.Date));
        Assert.Equal((Monday, Monday.PlusDays(11)), (plan.Window.Start, plan.Window.End));
        Assert.Empty(plan.Window.Closures);
        Assert.NotNull(plan.ProtocolDeviation);
        Assert.Equal(3, plan.ProtocolDeviation.DaysPastWindow);
        Assert.Contains(plan.ProtocolDeviation.Causes, c => c.Kind == "missedFraction" && c.Id == missed.FractionId);
    }

    [Fact]
    public void Plan_MissedLastFractionWithoutDeviationAllowed_NoPlan()
    {
        Solve.Infeasible(MissedFifth().Request);
    }

    [Fact]
    public void Plan_PinnedFractionOnNewClosure_KeptFractionsConflict()
    {
        // R1: the solver never moves a pinned fraction and never keeps it in a broken plan: a person must.
        var request = Request(new Closure(Monday.PlusDays(2), "Snow day"));
        var pinned = Fixtures.Kept(request, L1, "les1", Monday.PlusDays(2) + new LocalTime(9, 0), KeptReason.Pinned, "p1");

        var why = Solve.Infeasible(request with { Kept = [pinned] });

        Assert.Equal(InfeasibilityCodes.KeptFractionsConflict, why.Code);
        Assert.Contains(why.Violations, v => v.FractionId == "p1");
    }

    [Fact]
    public void Plan_PinnedFractionInNewDowntime_KeptFractionsConflict()
    {
        var down = L1 with { Downtimes = [new Downtime(Monday.PlusDays(2) + new LocalTime(9, 0), Monday.PlusDays(2) + new LocalTime(10, 0), "Repair")] };
        var request = Request() with { Linacs = [down] };
        var pinned = Fixtures.Kept(request, L1, "les1", Monday.PlusDays(2) + new LocalTime(9, 0), KeptReason.Pinned, "p1");

        Assert.Equal(InfeasibilityCodes.KeptFractionsConflict, Solve.Infeasible(request with { Kept = [pinned] }).Code);
    }

    [Fact]
    public void Plan_TwoPinnedFractionsOneSlotApartAndALesionToFillIt_FillsTheSlot()
    {
        // Pinned Monday 09:00 (lesion 1) and 10:00 (lesion 2): one visit needs lesion 3 at 09:30.
        // The brute force finds (0, 10, 5) that way.
        var linac = Fixtures.Linac(toHour: 11);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, lesions: 3, linacs: linac);

        Solve.MatchesBruteForce(request with { Kept = PinnedNineAndTen(request, linac) });
    }

    [Fact]
    public void Plan_TwoPinnedFractionsOneSlotApartAndNoLesionToFillIt_KeptFractionsConflict()
    {
        // Same pins, two lesions: nothing can close the gap, so Monday cannot be one visit.
        var linac = Fixtures.Linac(toHour: 11);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, lesions: 2, linacs: linac);
        request = request with { Kept = PinnedNineAndTen(request, linac) };

        Assert.False(BruteForce.Solve(request).IsFeasible);
        Assert.Equal(InfeasibilityCodes.KeptFractionsConflict, Solve.Infeasible(request).Code);
    }

    [Fact]
    public void Plan_DeliveredFractionsOneDayApart_KeptFractionsConflict()
    {
        var request = Request();
        var delivered = new[]
        {
            Fixtures.Kept(request, L1, "les1", Monday + new LocalTime(9, 0), KeptReason.Delivered, "d1"),
            Fixtures.Kept(request, L1, "les1", Monday.PlusDays(1) + new LocalTime(9, 0), KeptReason.Delivered, "d2"),
        };

        Assert.Equal(InfeasibilityCodes.KeptFractionsConflict, Solve.Infeasible(request with { Kept = delivered }).Code);
    }

    [Fact]
    public void Plan_NowMidMorning_PlansNothingAtOrBeforeNow()
    {
        // Nothing delivered yet, but it is Monday 10:00: the 09:xx slots are gone, 10:00 itself too.
        var request = Request() with { NotBefore = Fixtures.At(Monday, 10) };

        var plan = Solve.Feasible(request);

        Assert.All(plan.Fractions, f => Assert.True(f.Start.ToInstant() > request.NotBefore));
        Assert.Equal(new PlanKey(0, 10, 5), PlanKey.Of(request, plan));
    }

    private static (PlanRequest Request, MissedFraction Missed) MissedFifth()
    {
        var request = Request();
        var delivered = new[] { 0, 2, 4, 7 }
            .Select((d, i) => Fixtures.Kept(request, L1, "les1", Monday.PlusDays(d) + new LocalTime(9, 0), KeptReason.Delivered, $"d{i + 1}"))
            .ToList();
        var missed = new MissedFraction("les1", Fixtures.At(Monday.PlusDays(11), 9)) { FractionId = "f5" };
        return (request with { Kept = delivered, Missed = [missed], NotBefore = Fixtures.At(Monday.PlusDays(11), 12) }, missed);
    }

    private static KeptFraction[] PinnedNineAndTen(PlanRequest request, Linac linac) =>
    [
        Fixtures.Kept(request, linac, "les1", Monday + new LocalTime(9, 0), KeptReason.Pinned, "p1"),
        Fixtures.Kept(request, linac, "les2", Monday + new LocalTime(10, 0), KeptReason.Pinned, "p2"),
    ];

    private static PlanRequest Request(params Closure[] closures) =>
        Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday, closures), Monday, linacs: L1);
}
