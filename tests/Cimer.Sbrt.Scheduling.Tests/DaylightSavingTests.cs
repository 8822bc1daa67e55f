using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// Rule 2 counts elapsed time: across the US changes (2027-03-14 spring forward, 2026-11-01 fall back)
/// two calendar days at the same wall-clock time are 47 or 49 hours. Both US zones the centers use.
/// </summary>
public sealed class DaylightSavingTests
{
    private static readonly LocalDate SpringSaturday = new(2027, 3, 13);
    private static readonly LocalDate FallSaturday = new(2026, 10, 31);

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("America/Chicago")]
    public void Plan_SpringForwardSingleMorningSlot_NeverSaturdayThenMonday(string zone)
    {
        var request = WorkedFacts.SpringForwardSingleMorningSlot() with { Center = Fixtures.CenterIn(zone, Fixtures.EveryDay) };

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(0, 9, 5), PlanKey.Of(request, plan));
        Assert.False(
            plan.Fractions.Any(f => f.Start.Date == SpringSaturday) && plan.Fractions.Any(f => f.Start.Date == SpringSaturday.PlusDays(2)),
            "Saturday 09:00 and Monday 09:00 are 47 h apart");
        AssertElapsedGaps(plan);
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("America/Chicago")]
    public void Plan_DeliveredSaturdayNineBeforeSpringForward_MondayFractionAtTen(string zone)
    {
        // Delivered Saturday 09:00 (standard time). Span 9 needs Monday; Monday 09:00 (daylight time)
        // is 47 h later, Monday 10:00 exactly 48 h: the only slot that keeps the course at 9 days.
        var linac = Fixtures.Linac(toHour: 11, slotMinutes: 60);
        var request = Fixtures.Request(Fixtures.CenterIn(zone, Fixtures.EveryDay), SpringSaturday, linacs: linac);
        var delivered = Fixtures.Kept(request, linac, "les1", SpringSaturday + new LocalTime(9, 0), KeptReason.Delivered, "d1");
        request = request with { Kept = [delivered], NotBefore = delivered.Start };

        var plan = Solve.Feasible(request);

        var second = plan.Fractions.Single(f => f.Number == 2);
        Assert.Equal(SpringSaturday.PlusDays(2) + new LocalTime(10, 0), second.Start.LocalDateTime);
        Assert.Equal(Duration.FromHours(48), second.Start.ToInstant() - delivered.Start);
        Assert.Equal(9, plan.Summary.SpanDays);
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("America/Chicago")]
    public void Plan_DeliveredSaturdayTenBeforeFallBack_MondayNineIsFortyEightHours(string zone)
    {
        // Saturday 10:00 (daylight time) to Monday 09:00 (standard time) is 48 h though the clock says 47;
        // Monday 10:00 is booked, so a 9-day course needs exactly that Monday 09:00 slot.
        var linac = Fixtures.Linac(toHour: 11, slotMinutes: 60);
        var request = Fixtures.Request(Fixtures.CenterIn(zone, Fixtures.EveryDay), FallSaturday, linacs: linac);
        var delivered = Fixtures.Kept(request, linac, "les1", FallSaturday + new LocalTime(10, 0), KeptReason.Delivered, "d1");
        request = request with
        {
            Kept = [delivered],
            NotBefore = delivered.Start,
            Bookings = [.. Fixtures.Book(request, linac, FallSaturday.PlusDays(2), 10)],
        };

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(0, 9, 5), PlanKey.Of(request, plan));
        Assert.Equal(FallSaturday.PlusDays(2) + new LocalTime(9, 0), plan.Fractions.Single(f => f.Number == 2).Start.LocalDateTime);
        Solve.MatchesBruteForce(request);
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("America/Chicago")]
    public void Plan_SevenDayCenterAcrossFallBack_SpanNine(string zone)
    {
        // Saturday 09:00 to Monday 09:00 is 49 h here: no reason to lose a day.
        var request = Fixtures.Request(Fixtures.CenterIn(zone, Fixtures.EveryDay), FallSaturday, linacs: Fixtures.Linac(toHour: 10, slotMinutes: 60));

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(0, 9, 5), PlanKey.Of(request, plan));
        AssertElapsedGaps(plan);
    }

    public static TheoryData<string, int, int> DstWeeks()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var change in InstanceGenerator.DstChanges)
        {
            foreach (var daysBefore in new[] { 1, 2, 3, 5, 8 })
            {
                data.Add(change.ToString("uuuu-MM-dd", null), daysBefore, 1 + (daysBefore % 2));
            }
        }

        return data;
    }

    // Every DST change of 2026-2027 at several offsets inside W0, a seven-day center with two morning
    // slots that another patient has half booked, so the solver has to drift times across the change.
    [Theory]
    [MemberData(nameof(DstWeeks))]
    public void Plan_SevenDayCenterAroundDstChange_MatchesBruteForce(string change, int daysBefore, int lesions)
    {
        var dayOne = NodaTime.Text.LocalDatePattern.Iso.Parse(change).Value.PlusDays(-daysBefore);
        var linac = Fixtures.Linac(fromHour: 8, toHour: 10, slotMinutes: 60);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.EveryDay), dayOne, lesions, 2, linac);
        var bookings = Spec.Days(dayOne.PlusDays(-2), dayOne.PlusDays(13)).SelectMany((d, n) => Fixtures.Book(request, linac, d, n % 3 == 0 ? 8 : n % 3 == 1 ? 9 : -1));

        Solve.MatchesBruteForce(request with { Bookings = [.. bookings] });
    }

    private static void AssertElapsedGaps(Plan plan)
    {
        foreach (var lesion in plan.Fractions.GroupBy(f => f.LesionId))
        {
            var starts = lesion.OrderBy(f => f.Start.ToInstant()).Select(f => f.Start.ToInstant()).ToList();
            Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.True(pair.Second - pair.First >= Duration.FromHours(48), $"{pair.First} -> {pair.Second}"));
        }
    }
}
