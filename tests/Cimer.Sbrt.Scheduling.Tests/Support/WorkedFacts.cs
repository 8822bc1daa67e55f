using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>The requests behind scheduling-rules.md's "Worked facts", shared by solver and brute-force tests.</summary>
public static class WorkedFacts
{
    public static readonly Closure Thanksgiving = new(new LocalDate(2026, 11, 26), "Thanksgiving");
    public static readonly Closure DayAfterThanksgiving = new(new LocalDate(2026, 11, 27), "Day after Thanksgiving");
    public static readonly Closure Christmas = new(new LocalDate(2026, 12, 25), "Christmas Day");
    public static readonly Closure NewYear = new(new LocalDate(2027, 1, 1), "New Year's Day");

    /// <summary>
    /// Monday-Friday, D1 Wednesday 2026-11-18, Thanksgiving and the day after closed. W0 (Nov 18-29)
    /// opens on 18, 19, 20, 23, 24, 25 only: at most 4 dates 48 h apart, so W0 has no plan. Widened:
    /// Nov 16-17 (days before) cannot help (16/17, 19/20, 23, 25 still give 4), Nov 30 can:
    /// 18, 20, 23, 25, 30 = one day after W0, span 13.
    /// </summary>
    public static PlanRequest ThanksgivingWeekOneLesion() =>
        Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday, Thanksgiving, DayAfterThanksgiving), new LocalDate(2026, 11, 18), linacs: Fixtures.Linac(toHour: 10));

    /// <summary>
    /// Monday-Friday, D1 Monday 2026-12-21, Christmas (Fri) and New Year (Fri) closed: W0 opens Dec
    /// 21-24 and 28-31, two dates 48 h apart in each week, 4 in all; the widened days are weekends. No plan.
    /// </summary>
    public static PlanRequest ChristmasToNewYearMondayToFriday() =>
        Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday, Christmas, NewYear), new LocalDate(2026, 12, 21), linacs: Fixtures.Linac(toHour: 10));

    /// <summary>
    /// Seven-day center in America/New_York, one 09:00 slot a day, D1 Saturday 2027-03-13: clocks
    /// spring forward on Sunday 14th, so Saturday 09:00 -> Monday 09:00 is 47 h. Span 9 needs five
    /// dates two days apart; starting Saturday is impossible, starting Sunday 14th works.
    /// </summary>
    public static PlanRequest SpringForwardSingleMorningSlot() =>
        Fixtures.Request(Fixtures.Center(Fixtures.EveryDay), new LocalDate(2027, 3, 13), linacs: Fixtures.Linac(toHour: 10, slotMinutes: 60));
}
