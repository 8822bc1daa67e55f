using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>scheduling-rules.md "Worked facts", each reasoned out in a comment and, where small, confirmed by the brute force.</summary>
public sealed class WorkedFactsTests
{
    [Fact]
    public void Plan_OneLesionMondayToFridayMondayDayOne_SpanTen()
    {
        // Span 9 needs days d, d+2, d+4, d+6, d+8; any 9 consecutive days hold a Saturday and a Sunday,
        // one of which has d's parity, so a Monday-Friday center cannot give 9. Days 1, 3, 5, 8, 10
        // (Mon, Wed, Fri, Mon, Wed) give 10.
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday);

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(0, 10, 5), PlanKey.Of(request, plan));
        Assert.Equal(Fixtures.QuietMonday, plan.Fractions.Min(f => f.Start.Date));
        Assert.Equal(new PlanKey(0, 10, 5), BruteForce.Solve(request with { Linacs = [Fixtures.Linac(toHour: 10)] }).Key);
    }

    [Fact]
    public void Plan_OneLesionSevenDayCenter_SpanNine()
    {
        // Days 1, 3, 5, 7, 9: the shortest possible course for five fractions 48 h apart.
        var request = Fixtures.Request(Fixtures.Center(Fixtures.EveryDay), Fixtures.QuietMonday);

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(0, 9, 5), PlanKey.Of(request, plan));
    }

    [Fact]
    public void Plan_FiveLesionsCapTwoMondayToFriday_DailyCapTooLowSuggestsThree()
    {
        // 25 fractions, W0 has 10 open days, 2 a day hold 20.
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday, lesions: 5, cap: 2);

        var why = Solve.Infeasible(request);

        Assert.Equal(InfeasibilityCodes.DailyCapTooLow, why.Code);
        Assert.Contains(why.Violations, v => v.Rule == Rules.DailyCap);
        Assert.Contains(why.Suggestions, s => s.Kind == "maxFractionsPerDay" && s.MaxFractionsPerDay == 3);
        Solve.AssertSuggestionsWork(request, why);
    }

    [Fact]
    public void Plan_FiveLesionsCapThreeMondayToFriday_SpanTwelve()
    {
        // In days 1-11 (9 open days) every lesion must take days 1, 3, 5 (week 1 then holds 3 dates 48 h
        // apart only as 1, 3, 5; week 2 only 2 of 8-11): 5 lesions on day 1 exceed the cap. Days 2-12
        // fail the same way on 8, 10, 12. Days 1-12 work (3 lesions on 1, 3, 5; 2 on 2, 4, 8, 10, 12).
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday, lesions: 5, cap: 3);

        var plan = Solve.Feasible(request);

        Assert.Equal(0, plan.Window.DeviationDays);
        Assert.Equal(12, plan.Summary.SpanDays);
    }

    [Fact]
    public void Plan_ThanksgivingInsideW0_StaysInW0()
    {
        // D1 Monday 2026-11-23, Thanksgiving Thursday closed: 23, 25, 27, 30, Dec 2 still give span 10.
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday, WorkedFacts.Thanksgiving), new LocalDate(2026, 11, 23));

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(0, 10, 5), PlanKey.Of(request, plan));
        Assert.Equal(request.Patient.DayOne, plan.Window.Start);
    }

    [Fact]
    public void Plan_ThanksgivingAndDayAfterClosed_WidensOneDayAndNamesThanksgiving()
    {
        var request = WorkedFacts.ThanksgivingWeekOneLesion();

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(1, 13, 5), PlanKey.Of(request, plan));
        Assert.Equal((new LocalDate(2026, 11, 16), new LocalDate(2026, 12, 1)), (plan.Window.Start, plan.Window.End));
        Assert.Equal(1, plan.Window.DaysAfter);
        Assert.Contains(plan.Window.Closures, c => c.Date == WorkedFacts.Thanksgiving.Date);
    }

    [Fact]
    public void Plan_ChristmasInsideW0SevenDayCenter_SpanNineAroundIt()
    {
        // D1 Monday 2026-12-21: 22, 24, 26, 28, 30 skip Christmas and keep span 9.
        var request = Fixtures.Request(Fixtures.Center(Fixtures.EveryDay, WorkedFacts.Christmas), new LocalDate(2026, 12, 21));

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(0, 9, 5), PlanKey.Of(request, plan));
        Assert.DoesNotContain(plan.Fractions, f => f.Start.Date == WorkedFacts.Christmas.Date);
    }

    [Fact]
    public void Plan_NewYearInsideW0SevenDayCenter_SpanNineAroundIt()
    {
        // D1 Monday 2026-12-28: Dec 29, 31, Jan 2, 4, 6 skip New Year's Day and keep span 9.
        var request = Fixtures.Request(Fixtures.Center(Fixtures.EveryDay, WorkedFacts.NewYear), new LocalDate(2026, 12, 28));

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(0, 9, 5), PlanKey.Of(request, plan));
    }

    [Fact]
    public void Plan_ChristmasAndNewYearMondayToFriday_WindowTooShort()
    {
        var request = WorkedFacts.ChristmasToNewYearMondayToFriday();

        var why = Solve.Infeasible(request);

        Assert.Equal(InfeasibilityCodes.WindowTooShort, why.Code);
        Solve.AssertSuggestionsWork(request, why);
    }

    [Fact]
    public void Plan_WidenedWithClosureTheDayBeforeDayOne_ListsOnlyClosuresInsideW0()
    {
        // D1 Christmas (Fri 2026-12-25), Christmas Eve and New Year's Day also closed, Monday-Friday:
        // W0 (Dec 25 - Jan 5) is too short, so the plan widens because of Christmas and New Year.
        // Christmas Eve is D1-1, outside W0: it cannot have caused the widening.
        var dayOne = WorkedFacts.Christmas.Date;
        var request = Fixtures.Request(
            Fixtures.Center(Fixtures.MondayToFriday, new Closure(dayOne.PlusDays(-1), "Christmas Eve"), WorkedFacts.Christmas, WorkedFacts.NewYear),
            dayOne,
            linacs: Fixtures.Linac(toHour: 10));

        var plan = Solve.Feasible(request);

        Assert.True(plan.Window.DeviationDays > 0);
        Assert.All(plan.Window.Closures, c => Assert.InRange(c.Date, dayOne, dayOne.PlusDays(11)));
    }

    public static TheoryData<string, int, int> HolidayWeeks()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var holiday in new[] { "2026-11-26", "2026-12-25", "2027-01-01" })
        {
            for (var daysBefore = 0; daysBefore <= 11; daysBefore++)
            {
                data.Add(holiday, daysBefore, 1 + (daysBefore % 2));
            }
        }

        return data;
    }

    // Every D1 that puts Thanksgiving, Christmas or New Year's Day inside W0 (holiday = D1 + 0..11),
    // a Monday-Friday center with the holiday clusters closed, one or two lesions: the cases the
    // +/-2 day tolerance exists for.
    [Theory]
    [MemberData(nameof(HolidayWeeks))]
    public void Plan_HolidayInsideW0_MatchesBruteForce(string holiday, int daysBefore, int lesions)
    {
        var date = NodaTime.Text.LocalDatePattern.Iso.Parse(holiday).Value;
        var closures = InstanceGenerator.Holidays.Concat(InstanceGenerator.Extras).ToArray();
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday, closures), date.PlusDays(-daysBefore), lesions, 2, Fixtures.Linac(toHour: 10));

        Solve.MatchesBruteForce(request);
        if (Scheduler.Plan(request).Plan is { Window.DeviationDays: > 0 } plan)
        {
            Assert.Contains(plan.Window.Closures, c => c.Date == date);
        }
    }
}
