using Cimer.Sbrt.Scheduling.Tests.Support;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>The production validator (used on physicist-edited plans) against the same hand-made broken plans as the oracle.</summary>
public sealed class PlanValidatorTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 60)];

    [Fact]
    public void Validate_ValidHandMadePlan_NoViolation()
    {
        var (request, fractions) = BrokenPlans.Valid();

        Assert.Empty(PlanValidator.Validate(request, fractions));
    }

    [Theory]
    [MemberData(nameof(BrokenPlans.Names), MemberType = typeof(BrokenPlans))]
    public void Validate_BrokenPlan_ReportsTheBrokenRule(string name)
    {
        var broken = BrokenPlans.Get(name);

        var violations = PlanValidator.Validate(broken.Request, broken.Fractions);

        Assert.True(
            violations.Any(v => broken.Rules.Contains(v.Rule)),
            $"expected a violation of {string.Join(" or ", broken.Rules)}, got [{string.Join("; ", violations.Select(v => $"{v.Rule}: {v.Message}"))}]");
    }

    [Fact]
    public void Validate_Gap47hAcrossSpringForward_NamesTheLesion()
    {
        var broken = BrokenPlans.Get("gap47hAcrossSpringForward");

        var gap = Assert.Single(PlanValidator.Validate(broken.Request, broken.Fractions), v => v.Rule == Rules.Gap48h);

        Assert.Equal("les1", gap.LesionId);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Validate_BruteForcePlanAndItsReplan_NoViolation(int seed)
    {
        var request = InstanceGenerator.CreateSmall(seed);
        if (BruteForce.Solve(request).Witness is not { } witness)
        {
            return;
        }

        Assert.Empty(PlanValidator.Validate(request, witness.Fractions));
        var replan = InstanceGenerator.Replan(request, witness, seed);
        Assert.Empty(PlanValidator.Validate(replan, BruteForce.Solve(replan).Witness!.Fractions));
    }
}
