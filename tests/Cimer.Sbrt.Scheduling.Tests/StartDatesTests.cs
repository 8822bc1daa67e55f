using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// "When can this patient start?" (scheduling-rules.md, Start dates): for every candidate day 1 of a
/// month, the option's feasibility and (deviation, span, visits) equal <see cref="BruteForce"/>'s for
/// that day 1; infeasible options say why; the range is at most 62 days.
/// </summary>
public sealed class StartDatesTests
{
    private static readonly HashSet<string> Codes =
    [
        InfeasibilityCodes.WindowTooShort, InfeasibilityCodes.DailyCapTooLow, InfeasibilityCodes.LinacsUnavailable,
        InfeasibilityCodes.NoSimulationDay, InfeasibilityCodes.KeptFractionsConflict, InfeasibilityCodes.NoLinac,
    ];

    private static readonly Linac Small = new("L1", new LocalTime(9, 0), new LocalTime(10, 30), 30);

    /// <summary>
    /// Months around Thanksgiving and Christmas-New Year (closures, widening and days with no plan),
    /// a quiet month, one and two lesions, tight caps, and seeded bookings by other patients.
    /// </summary>
    public static TheoryData<string, int, int, double> Months => new()
    {
        { "2026-11-09", 1, 3, 0.0 },
        { "2026-11-09", 2, 2, 0.0 },
        { "2026-12-07", 1, 3, 0.0 },
        { "2026-12-07", 2, 1, 0.0 },
        { "2026-12-07", 2, 3, 0.1 },
        { "2026-10-01", 2, 2, 0.15 },
    };

    [Theory]
    [MemberData(nameof(Months))]
    public void Find_MonthOfDayOnes_EachOptionMatchesBruteForce(string from, int lesions, int cap, double booked)
    {
        var start = LocalDate.FromDateTime(DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture));
        var end = start.PlusDays(30);
        var template = Template(start, lesions, cap, booked);

        var options = StartDates.Find(template, start, end);

        Assert.Equal(Spec.Days(start, end), options.Select(o => o.DayOne));
        foreach (var option in options)
        {
            var request = template with { Patient = template.Patient with { DayOne = option.DayOne } };
            var expected = BruteForce.Solve(request);
            Assert.True(expected.IsFeasible == option.Feasible, $"{option.DayOne}: brute force {expected}, option feasible={option.Feasible} ({option.Code}: {option.Reason})");
            if (expected.Key is { } key)
            {
                Assert.Equal((key.DeviationDays, key.SpanDays, key.Visits), (option.DeviationDays, option.SpanDays, option.Visits));
                Assert.NotNull(option.FirstFraction);
                Assert.NotNull(option.LastFraction);
                Assert.Equal(key.SpanDays, Spec.DaysBetween(option.FirstFraction.Value.Date, option.LastFraction.Value.Date) + 1);
                Assert.Null(option.Code);
            }
            else
            {
                Assert.True(option.Code is not null && Codes.Contains(option.Code), $"{option.DayOne}: code {option.Code}");
                Assert.False(string.IsNullOrWhiteSpace(option.Reason), $"{option.DayOne}: an infeasible option needs a reason");
                Assert.Null(option.SpanDays);
            }
        }
    }

    [Fact]
    public void Find_ChristmasMonth_HasInfeasibleDayOnesWithReasons()
    {
        // The worked fact: one lesion, Mon-Fri, D1 Monday 2026-12-21 has no plan (two dates 48 h apart
        // per week, and the widened days are weekends); the range must show it and say why.
        var template = Template(new LocalDate(2026, 12, 1), 1, 3, 0.0);

        var option = StartDates.Find(template, new LocalDate(2026, 12, 1), new LocalDate(2026, 12, 31)).Single(o => o.DayOne == new LocalDate(2026, 12, 21));

        Assert.False(option.Feasible);
        Assert.Equal(InfeasibilityCodes.WindowTooShort, option.Code);
        Assert.False(string.IsNullOrWhiteSpace(option.Reason));
    }

    [Fact]
    public void Find_SixtyTwoDays_SixtyThreeOptions()
    {
        var from = new LocalDate(2026, 10, 1);

        Assert.Equal(63, StartDates.Find(Template(from, 1, 3, 0.0), from, from.PlusDays(62)).Count);
    }

    [Fact]
    public void Find_SixtyThreeDays_Throws()
    {
        var from = new LocalDate(2026, 10, 1);

        Assert.Throws<ArgumentException>(() => StartDates.Find(Template(from, 1, 3, 0.0), from, from.PlusDays(63)));
    }

    [Fact]
    public void Find_ReversedRange_Throws()
    {
        var from = new LocalDate(2026, 10, 1);

        Assert.Throws<ArgumentException>(() => StartDates.Find(Template(from, 1, 3, 0.0), from, from.PlusDays(-1)));
    }

    [Fact]
    public void Find_TemplateWithKeptOrPreviousFractions_Throws()
    {
        var from = Fixtures.QuietMonday;
        var template = Template(from, 1, 3, 0.0);
        var kept = Fixtures.Kept(template, Small, "les1", from + new LocalTime(9, 0), KeptReason.Pinned, "p1");
        var previous = PlanFactory.At(template, Small, "les1", from + new LocalTime(9, 0));

        Assert.Throws<ArgumentException>(() => StartDates.Find(template with { Kept = [kept] }, from, from.PlusDays(7)));
        Assert.Throws<ArgumentException>(() => StartDates.Find(template with { Previous = [previous] }, from, from.PlusDays(7)));
    }

    /// <summary>Mon-Fri with the US holidays and their clusters, one small linac, bookings seeded by the range.</summary>
    private static PlanRequest Template(LocalDate from, int lesions, int cap, double booked)
    {
        var center = new CenterCalendar(Fixtures.NewYork, Fixtures.MondayToFriday, [.. InstanceGenerator.Holidays, .. InstanceGenerator.Extras]);
        var rng = new Random(from.DayOfYear);
        var bookings = Spec.Days(from.PlusDays(-3), from.PlusDays(62 + 20)).Where(center.IsOpen)
            .SelectMany(d => Spec.Slots(Small, d, center.Zone))
            .Where(_ => rng.NextDouble() < booked)
            .Select(s => new Booking(Small.Id, s.Start, s.End));
        return new PlanRequest
        {
            Center = center,
            Linacs = [Small],
            Patient = new Patient(2, from, InstanceGenerator.Lesions(lesions)),
            MaxFractionsPerDay = cap,
            Bookings = [.. bookings],
        };
    }
}
