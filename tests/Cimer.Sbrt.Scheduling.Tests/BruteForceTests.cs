using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// The brute force is the reference the solver is held to, so it is checked on its own: its plans
/// pass the oracle and reach the key it reports, and it agrees with the worked facts reasoned out by hand.
/// </summary>
public sealed class BruteForceTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 120)];

    [Fact]
    public void Solve_OneLesionMondayToFridayMondayDayOne_SpanTen()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday, linacs: Fixtures.Linac(toHour: 10));

        Assert.Equal(new PlanKey(0, 10, 5), BruteForce.Solve(request).Key);
    }

    [Fact]
    public void Solve_OneLesionSevenDayCenter_SpanNine()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.EveryDay), Fixtures.QuietMonday, linacs: Fixtures.Linac(toHour: 10));

        Assert.Equal(new PlanKey(0, 9, 5), BruteForce.Solve(request).Key);
    }

    [Fact]
    public void Solve_ThanksgivingAndDayAfterClosed_WidensByOneDay()
    {
        var request = WorkedFacts.ThanksgivingWeekOneLesion();

        var result = BruteForce.Solve(request);

        Assert.True(result.Widened);
        Assert.Equal(new PlanKey(1, 13, 5), result.Key);
    }

    [Fact]
    public void Solve_ChristmasAndNewYearMondayToFriday_Infeasible()
    {
        Assert.False(BruteForce.Solve(WorkedFacts.ChristmasToNewYearMondayToFriday()).IsFeasible);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solve_SmallInstance_WitnessIsValidAndReachesKey(int seed)
    {
        var request = InstanceGenerator.CreateSmall(seed);

        var result = BruteForce.Solve(request);

        if (result.Witness is { } witness)
        {
            PlanOracle.AssertValid(request, witness);
            Assert.Equal(result.Key, PlanKey.Of(request, witness));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solve_ReplanOfItsOwnPlan_SameKey(int seed)
    {
        // Kept fractions taken from an optimal plan leave that plan valid, and only constrain: the best key cannot move.
        var request = InstanceGenerator.CreateSmall(seed);
        var result = BruteForce.Solve(request);
        if (result.Witness is not { } witness)
        {
            return;
        }

        var replan = InstanceGenerator.Replan(request, witness, seed);
        var again = BruteForce.Solve(replan);

        Assert.Equal(result.Key, again.Key);
        PlanOracle.AssertValid(replan, again.Witness!);
    }

    [Fact]
    public void Solve_KeptFractionOnNewClosure_Infeasible()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday, new Closure(Fixtures.QuietMonday, "Snow day")), Fixtures.QuietMonday);
        var kept = new KeptFraction("les1", "L1", Fixtures.At(Fixtures.QuietMonday, 9), Fixtures.At(Fixtures.QuietMonday, 9, 30), KeptReason.Pinned);

        Assert.False(BruteForce.Solve(request with { Kept = [kept] }).IsFeasible);
    }

    [Fact]
    public void Solve_SingleSlotAcrossSpringForward_NeverPairsSaturdayWithMonday()
    {
        var request = WorkedFacts.SpringForwardSingleMorningSlot();

        var result = BruteForce.Solve(request);

        Assert.Equal(new PlanKey(0, 9, 5), result.Key);
        Assert.DoesNotContain(result.Witness!.Fractions, f => f.Start.Date == new LocalDate(2027, 3, 13));
    }
}
