using Cimer.Sbrt.Scheduling.Tests.Support;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// Seeded instances across the space the service meets (see <see cref="InstanceGenerator.Create"/>):
/// every plan passes the oracle and the production validator, every "no plan" is well formed and its
/// suggestions work, and a re-plan made from a plan's own fractions keeps that plan's key.
/// </summary>
public sealed class SchedulerRandomInstanceTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 300)];

    public static TheoryData<int> ReplanSeeds => [.. Enumerable.Range(1, 100)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Plan_SeededInstance_HonoursContract(int seed)
    {
        var request = InstanceGenerator.Create(seed);

        var outcome = Solve.Outcome(request);

        if (!outcome.IsFeasible)
        {
            Solve.AssertSuggestionsWork(request, outcome.Infeasibility);
        }
    }

    [Theory]
    [MemberData(nameof(ReplanSeeds))]
    public void Plan_ReplanKeepingPartOfOwnPlan_SameKey(int seed)
    {
        // The first plan stays valid for the re-plan, which only adds constraints: an optimal solver
        // must find the same (deviation, span, visits) again.
        var request = InstanceGenerator.Create(seed);
        if (Scheduler.Plan(request).Plan is not { } first)
        {
            return;
        }

        var replan = InstanceGenerator.Replan(request, first, seed);

        var again = Solve.Feasible(replan);

        Assert.Equal(PlanKey.Of(request, first), PlanKey.Of(replan, again));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(99)]
    public void Plan_SameRequestTwice_SameAnswer(int seed)
    {
        var request = InstanceGenerator.Create(seed);

        var a = Scheduler.Plan(request);
        var b = Scheduler.Plan(request);

        Assert.Equal(a.Plan?.Fractions, b.Plan?.Fractions);
        Assert.Equal(a.Infeasibility?.Code, b.Infeasibility?.Code);
    }
}
