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

    // Why these: a day 1 just past (the old search around it still reached today), one four weeks
    // past and one a year past (every date within three weeks of day 1 is before today).
    [Theory]
    [InlineData(3)]
    [InlineData(28)]
    [InlineData(365)]
    public void Plan_DayOneAlreadyPast_SuggestsTheNearestDayOneFromToday(int daysPast)
    {
        var today = Fixtures.QuietMonday.PlusDays(daysPast);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday) with { NotBefore = Fixtures.At(today, 12) };

        var why = Solve.Infeasible(request);

        var suggested = Assert.Single(why.Suggestions, s => s.Kind == "dayOne").DayOne!.Value;
        Solve.AssertSuggestionsWork(request, why);
        // The nearest: its simulation week is after today, and no day 1 between that and it has a plan.
        var earliest = today.PlusDays(8);
        Assert.InRange(suggested, earliest, earliest.PlusDays(20));
        for (var d1 = earliest; d1 < suggested; d1 = d1.PlusDays(1))
        {
            Assert.False(Scheduler.Plan(request with { Patient = request.Patient with { DayOne = d1 } }).IsFeasible, $"{d1} has a plan and is nearer");
        }
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
