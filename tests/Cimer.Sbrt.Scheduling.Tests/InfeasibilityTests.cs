using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>"No plan" is a value with a stable code a scheduler can act on, one case per code.</summary>
public sealed class InfeasibilityTests
{
    [Fact]
    public void Plan_CenterWithoutLinac_NoLinac()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday) with { Linacs = [] };

        Assert.Equal(InfeasibilityCodes.NoLinac, Solve.Infeasible(request).Code);
    }

    [Fact]
    public void Plan_CenterClosedAllWeekBeforeDayOne_NoSimulationDay()
    {
        var closures = Enumerable.Range(1, 7).Select(d => new Closure(Fixtures.QuietMonday.PlusDays(-d), "Renovation")).ToArray();
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday, closures), Fixtures.QuietMonday);

        var why = Solve.Infeasible(request);

        Assert.Equal(InfeasibilityCodes.NoSimulationDay, why.Code);
        Assert.Contains(why.Violations, v => v.Rule == Rules.Milestones);
        Solve.AssertSuggestionsWork(request, why);
    }

    [Fact]
    public void Plan_EverySlotBookedByOthers_LinacsUnavailable()
    {
        var linac = Fixtures.Linac(toHour: 11);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday, linacs: linac);
        var everything = Spec.Days(Fixtures.QuietMonday.PlusDays(-3), Fixtures.QuietMonday.PlusDays(20)).SelectMany(d => Fixtures.Book(request, linac, d, 9, 10));

        var why = Solve.Infeasible(request with { Bookings = [.. everything] });

        Assert.Equal(InfeasibilityCodes.LinacsUnavailable, why.Code);
    }

    [Fact]
    public void Plan_NowIsAfterTheWindow_LinacsUnavailable()
    {
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday) with
        {
            NotBefore = Fixtures.At(Fixtures.QuietMonday.PlusDays(12), 8),
        };

        Assert.Equal(InfeasibilityCodes.LinacsUnavailable, Solve.Infeasible(request).Code);
    }

    [Fact]
    public void Plan_CenterOpenTwoDaysAWeek_WindowTooShort()
    {
        // Tuesdays and Thursdays: W0 holds four open days.
        var request = Fixtures.Request(Fixtures.Center([IsoDayOfWeek.Tuesday, IsoDayOfWeek.Thursday]), Fixtures.QuietMonday);

        var why = Solve.Infeasible(request);

        Assert.Equal(InfeasibilityCodes.WindowTooShort, why.Code);
        Assert.False(BruteForce.Solve(request with { Linacs = [Fixtures.Linac(toHour: 10)] }).IsFeasible);
    }
}
