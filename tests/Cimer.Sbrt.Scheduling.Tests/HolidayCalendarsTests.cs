using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

public sealed class HolidayCalendarsTests
{
    private static LocalDate D(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value;

    [Fact]
    public void Closures_UsFederal2026_AreTheElevenObservedDates()
    {
        // 2026: Independence Day is a Saturday (observed Friday July 3).
        var dates = HolidayCalendars.Closures(HolidayCalendars.UsFederal, D("2026-01-01"), D("2026-12-31"))
            .Select(c => c.Date.ToString("uuuu-MM-dd", null));

        Assert.Equal(
            ["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
             "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"],
            dates);
    }

    // Why these cases: each fixed-date holiday shifted off a weekend in both directions, and the
    // floating ones at the edges of their month (a month starting on their weekday, or the day after).
    [Theory]
    [InlineData("2022-12-26", "Christmas Day")]                      // Sunday Dec 25 -> Monday
    [InlineData("2021-12-24", "Christmas Day")]                      // Saturday Dec 25 -> Friday
    [InlineData("2021-06-18", "Juneteenth National Independence Day")] // Saturday -> Friday
    [InlineData("2022-06-20", "Juneteenth National Independence Day")] // Sunday -> Monday
    [InlineData("2023-11-10", "Veterans Day")]                       // Saturday -> Friday
    [InlineData("2023-01-02", "New Year's Day")]                     // Sunday Jan 1 -> Monday
    [InlineData("2024-11-28", "Thanksgiving Day")]                   // November starts on a Friday
    [InlineData("2027-11-25", "Thanksgiving Day")]                   // November starts on a Monday
    [InlineData("2027-05-31", "Memorial Day")]                       // May 31 is itself a Monday
    [InlineData("2026-09-07", "Labor Day")]
    [InlineData("2027-10-11", "Columbus Day")]
    [InlineData("2027-01-18", "Birthday of Martin Luther King, Jr.")]
    [InlineData("2027-02-15", "Washington's Birthday")]
    public void Closures_UsFederal_ObservesHolidayOnDate(string date, string reason)
    {
        var closures = HolidayCalendars.Closures(HolidayCalendars.UsFederal, D(date), D(date));

        var closure = Assert.Single(closures);
        Assert.Equal(D(date), closure.Date);
        Assert.Equal(reason, closure.Reason);
    }

    [Fact]
    public void Closures_NewYearOnSaturday_IsObservedOnDecemberThirtyFirstOfThePreviousYear()
    {
        // January 1, 2028 is a Saturday.
        var closures = HolidayCalendars.Closures(HolidayCalendars.UsFederal, D("2027-12-31"), D("2028-01-01"));

        var closure = Assert.Single(closures);
        Assert.Equal(D("2027-12-31"), closure.Date);
        Assert.Equal("New Year's Day", closure.Reason);
    }

    [Fact]
    public void Closures_AnyYear_NeverFallOnAWeekendAndAreElevenPerYear()
    {
        for (var year = 1990; year <= 2100; year++)
        {
            // Mid-year to mid-year avoids the New Year's Day shift across the year boundary.
            var closures = HolidayCalendars.Closures(HolidayCalendars.UsFederal, new LocalDate(year, 2, 1), new LocalDate(year + 1, 1, 31));

            Assert.Equal(11, closures.Count);
            Assert.All(closures, c => Assert.True(c.Date.DayOfWeek < IsoDayOfWeek.Saturday, $"{c.Date} {c.Reason}"));
        }
    }

    [Fact]
    public void Closures_ToBeforeFrom_IsEmpty() =>
        Assert.Empty(HolidayCalendars.Closures(HolidayCalendars.UsFederal, D("2026-12-31"), D("2026-01-01")));

    [Theory]
    [InlineData("us-federal", true)]
    [InlineData("US-FEDERAL", false)]
    [InlineData("uk", false)]
    [InlineData(null, false)]
    public void IsKnown_Name_TellsWhetherTheCalendarExists(string? name, bool known) =>
        Assert.Equal(known, HolidayCalendars.IsKnown(name));

    [Fact]
    public void Closures_UnknownCalendar_Throws() =>
        Assert.Throws<ArgumentException>(() => HolidayCalendars.Closures("uk", D("2026-01-01"), D("2026-12-31")));
}
