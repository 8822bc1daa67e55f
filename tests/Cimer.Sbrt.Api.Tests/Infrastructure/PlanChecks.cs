using System.Globalization;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>The hard rules a plan read through HTTP must keep after any change (rules 1, 2, 3/R5, 6).</summary>
public static class PlanChecks
{
    public static void KeepsTheRules(Plan plan, int lesions, int maxFractionsPerDay = 3)
    {
        var booked = plan.Booked;
        Assert.Equal(5 * lesions, booked.Length);
        Assert.Equal(50.0 * lesions, plan.Summary.TotalDoseGy);
        foreach (var lesion in booked.GroupBy(f => f.LesionId))
        {
            var starts = lesion.Select(f => f.StartsAt).Order().ToList();
            Assert.Equal(5, starts.Count);
            Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromHours(48), $"{pair.First} -> {pair.Second} is under 48 h"));
        }

        foreach (var visit in booked.GroupBy(f => f.Start[..10]))
        {
            var ordered = visit.OrderBy(f => f.StartsAt).ToList();
            Assert.Single(ordered.Select(f => f.LinacId).Distinct());
            Assert.True(ordered.Count <= maxFractionsPerDay, $"{ordered.Count} fractions on {visit.Key}");
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        }

        var dayOne = DateOnly.Parse(plan.DayOne, CultureInfo.InvariantCulture);
        var last = booked.Select(f => DateOnly.Parse(f.Start[..10], CultureInfo.InvariantCulture)).Max();
        Assert.True(last <= dayOne.AddDays(19), $"last fraction {last} is after D1+19");
        Assert.True(string.CompareOrdinal(booked.Select(f => f.Start[..10]).Min(), plan.Window.Start) >= 0);
        if (last > DateOnly.Parse(plan.Window.End, CultureInfo.InvariantCulture))
        {
            Assert.NotNull(plan.ProtocolDeviation);
        }
    }

    /// <summary>No two booked fractions of these plans share a linac slot, and the slots feed agrees.</summary>
    public static async Task NoSlotIsBookedTwiceAsync(Client api, string centerId, IEnumerable<Plan> plans, string from = "2026-11-30", string to = "2026-12-31")
    {
        var booked = plans.SelectMany(p => p.Booked).ToList();
        Assert.Equal(booked.Count, booked.Select(f => (f.LinacId, f.StartsAt)).Distinct().Count());
        var feed = await api.SlotsAsync(centerId, from, to, "booked");
        Assert.Equal(
            booked.Select(f => (f.LinacId, f.StartsAt)).Order(),
            feed.Select(s => (s.LinacId, DateTimeOffset.Parse(s.Start, CultureInfo.InvariantCulture))).Order());
    }
}
