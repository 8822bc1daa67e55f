using Cimer.Sbrt.Scheduling.Tests.Support;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>The oracle is only worth something if it accepts valid plans and rejects each kind of broken one.</summary>
public sealed class PlanOracleTests
{
    [Fact]
    public void Check_ValidHandMadePlan_ReportsNothing()
    {
        var (request, fractions) = BrokenPlans.Valid();

        Assert.Empty(PlanOracle.Check(request, PlanFactory.Build(request, fractions)));
    }

    [Theory]
    [MemberData(nameof(BrokenPlans.Names), MemberType = typeof(BrokenPlans))]
    public void Check_BrokenPlan_ReportsBreach(string name)
    {
        var broken = BrokenPlans.Get(name);

        Assert.NotEmpty(PlanOracle.Check(broken.Request, PlanFactory.Build(broken.Request, broken.Fractions)));
    }

    [Fact]
    public void Check_WrongSummaryAndMilestones_ReportsEach()
    {
        var (request, fractions) = BrokenPlans.Valid();
        var plan = PlanFactory.Build(request, fractions);
        var wrong = plan with
        {
            Summary = plan.Summary with { SpanDays = plan.Summary.SpanDays - 1 },
            Milestones = [.. plan.Milestones.Where(m => m.Kind != MilestoneKind.Simulation)],
            Window = plan.Window with { DaysAfter = 1 },
        };

        var errors = PlanOracle.Check(request, wrong);

        Assert.Contains(errors, e => e.StartsWith("summary", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Simulation", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("DaysAfter", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_WidenedWindowWithoutClosure_ReportsBreach()
    {
        var (request, fractions) = BrokenPlans.Valid();

        var errors = PlanOracle.CheckWindowReport(request, PlanFactory.Build(request, fractions, widened: true));

        Assert.Contains(errors, e => e.Contains("no closure", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_FractionBeforeDayOneWithoutClosureInW0_ReportsBreach()
    {
        var (request, fractions) = BrokenPlans.Valid();
        var sevenDays = request with { Center = Fixtures.Center(Fixtures.EveryDay) };
        var early = fractions.Select(f => f.LesionId == "les1" && f.Start.Date == request.Patient.DayOne
            ? PlanFactory.At(sevenDays, sevenDays.Linacs[0], "les1", f.Start.LocalDateTime.PlusDays(-2))
            : f);

        var errors = PlanOracle.Check(sevenDays, PlanFactory.Build(sevenDays, early, widened: true));

        Assert.Contains(errors, e => e.Contains("W0 has no closure", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_MisnumberedFractions_ReportsBreach()
    {
        var (request, fractions) = BrokenPlans.Valid();
        var plan = PlanFactory.Build(request, fractions);
        var swapped = plan with { Fractions = [.. plan.Fractions.Select(f => f.Number is 1 or 2 ? f with { Number = 3 - f.Number } : f)] };

        Assert.Contains(PlanOracle.Check(request, swapped), e => e.StartsWith("numbering", StringComparison.Ordinal));
    }
}
