using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>The production grid and the test code's <see cref="Spec.Slots"/> must agree, or the oracle judges another grid.</summary>
public sealed class SlotGridTests
{
    // Ordinary days, both 2026-2027 DST changes in both US zones, and a linac open across the
    // 01:00-03:00 hours that DST removes or repeats.
    [Theory]
    [InlineData("America/New_York", "2026-10-05", 9, 17, 30)]
    [InlineData("America/New_York", "2026-03-08", 1, 4, 30)]
    [InlineData("America/New_York", "2026-11-01", 0, 4, 45)]
    [InlineData("America/Chicago", "2027-03-14", 1, 5, 60)]
    [InlineData("America/Chicago", "2027-11-07", 0, 3, 30)]
    [InlineData("America/New_York", "2027-03-14", 7, 18, 45)]
    public void On_AnyDay_MatchesTestGrid(string zoneId, string date, int fromHour, int toHour, int minutes)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var day = NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value;
        var linac = new Linac("L1", new LocalTime(fromHour, 0), new LocalTime(toHour, 0), minutes);

        var production = SlotGrid.On(linac, day, zone).Select(s => (s.Start.ToInstant(), s.End.ToInstant()));
        var test = Spec.Slots(linac, day, zone).Select(s => (s.Start, s.End));

        Assert.Equal(test, production);
    }

    [Fact]
    public void On_SlotThatWouldEndAfterClosing_IsNotASlot()
    {
        // 09:00-11:50 with 45-minute slots: 09:00, 09:45, 10:30 fit; 11:15 would end at 12:00.
        var linac = new Linac("L1", new LocalTime(9, 0), new LocalTime(11, 50), 45);

        var slots = SlotGrid.On(linac, Fixtures.QuietMonday, Fixtures.NewYork);

        Assert.Equal([new LocalTime(9, 0), new LocalTime(9, 45), new LocalTime(10, 30)], slots.Select(s => s.Start.TimeOfDay));
    }

    [Fact]
    public void On_SpringForwardNight_SkipsTheMissingHour()
    {
        var linac = new Linac("L1", new LocalTime(1, 0), new LocalTime(4, 0), 30);

        var starts = SlotGrid.On(linac, new LocalDate(2027, 3, 14), Fixtures.NewYork).Select(s => s.Start.TimeOfDay);

        Assert.Equal([new LocalTime(1, 0), new LocalTime(1, 30), new LocalTime(3, 0), new LocalTime(3, 30)], starts);
    }

    [Fact]
    public void IsDownAllDay_DowntimeOverEveryOpenHour_IsTrue()
    {
        var day = Fixtures.QuietMonday;
        var linac = Fixtures.Linac() with { Downtimes = [new Downtime(day + new LocalTime(8, 0), day + new LocalTime(18, 0), "Repair")] };

        Assert.True(SlotGrid.IsDownAllDay(linac, day, Fixtures.NewYork));
        Assert.True(Spec.IsDownAllDay(linac, day, Fixtures.NewYork));
        Assert.False(SlotGrid.IsDownAllDay(linac, day.PlusDays(1), Fixtures.NewYork));
    }
}
