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
        // Delivered Mon 5, Wed 7, Fri 9, Mon 12; the fifth (Fri 16 = D1+11) was missed and it is now
        // Fri 16 noon, after the last slot. Next open day: Mon 19 = D1+14, 3 days past W0. A miss is not
        // a holiday: the window does not widen.
        var request = Request();
        var delivered = new[] { 0, 2, 4, 7 }
            .Select((d, i) => Fixtures.Kept(request, L1, "les1", Monday.PlusDays(d) + new LocalTime(9, 0), KeptReason.Delivered, $"d{i + 1}"))
            .ToList();
        var missed = new MissedFraction("les1", Fixtures.At(Monday.PlusDays(11), 9)) { FractionId = "m5" };
        request = request with { Kept = delivered, Missed = [missed], NotBefore = Fixtures.At(Monday.PlusDays(11), 12), AllowProtocolDeviation = true };

        var plan = Solve.Feasible(request);

        Assert.Equal(Monday.PlusDays(14), plan.Fractions.Max(f => f.Start.Date));
        Assert.Contains(new DeviationCause("missedFraction", "m5", Monday.PlusDays(11)), plan.ProtocolDeviation!.Causes);
        Assert.Equal((Monday, Monday.PlusDays(11)), (plan.Window.Start, plan.Window.End));
        Assert.NotNull(plan.ProtocolDeviation);
        Assert.Equal(3, plan.ProtocolDeviation.DaysPastWindow);
        Assert.NotEmpty(plan.ProtocolDeviation.Causes);
    }

    [Fact]
    public void Plan_MissedLastFractionWithoutDeviationAllowed_NoPlan()
    {
        var request = Request();
        var delivered = new[] { 0, 2, 4, 7 }
            .Select((d, i) => Fixtures.Kept(request, L1, "les1", Monday.PlusDays(d) + new LocalTime(9, 0), KeptReason.Delivered, $"d{i + 1}"))
            .ToList();

        Solve.Infeasible(request with { Kept = delivered, NotBefore = Fixtures.At(Monday.PlusDays(11), 12) });
    }

    [Fact]
    public void Plan_PinnedFractionOnNewClosure_KeptFractionsConflict()
    {
        var request = Request(new Closure(Monday.PlusDays(2), "Snow day"));
        var pinned = Fixtures.Kept(request, L1, "les1", Monday.PlusDays(2) + new LocalTime(9, 0), KeptReason.Pinned, "p1");

        var why = Solve.Infeasible(request with { Kept = [pinned] });

        Assert.Equal(InfeasibilityCodes.KeptFractionsConflict, why.Code);
        Assert.Contains(why.Violations, v => v.Rule is Rules.KeptFractions or Rules.OpenTime);
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

    private static PlanRequest Request(params Closure[] closures) =>
        Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday, closures), Monday, linacs: L1);
}
