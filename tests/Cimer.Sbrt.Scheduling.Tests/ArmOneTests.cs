using Cimer.Sbrt.Scheduling.Tests.Support;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>Arm 1 (letrozole + palbociclib, no I-SBRT): milestones only, always a plan.</summary>
public sealed class ArmOneTests
{
    [Fact]
    public void Plan_ArmOne_NoFractionsLetrozoleDayOnePalbociclibDay21()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday) with
        {
            Patient = new Patient(1, Fixtures.QuietMonday, []),
        };

        var plan = Solve.Feasible(request);

        Assert.Empty(plan.Fractions);
        Assert.Contains(plan.Milestones, m => m.Kind == MilestoneKind.PalbociclibStart && m.Date == Fixtures.QuietMonday.PlusDays(20));
    }

    [Fact]
    public void Plan_ArmOneWithoutLinacOrOpenDay_StillFeasible()
    {
        var request = new PlanRequest
        {
            Center = Fixtures.Center([]),
            Linacs = [],
            Patient = new Patient(1, Fixtures.QuietMonday, []),
        };

        Solve.Feasible(request);
    }
}
