using Cimer.Sbrt.Scheduling.Tests.Support;

namespace Cimer.Sbrt.Scheduling.Tests;

public sealed class SlotGridCacheTests
{
    [Theory]
    // A cache kept across requests must answer as a fresh one: one shared by many requests, one so small
    // that it starts over several times within a single plan, and one that already holds another center's grids.
    [InlineData(int.MaxValue)]
    [InlineData(3)]
    [InlineData(1)]
    public void Plan_WithACacheThatOutlivesRequests_IsThePlanOfAFreshCache(int capacity)
    {
        var cache = new SlotGridCache(capacity);
        var first = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday, lesions: 3, cap: 3, Fixtures.Linac("A"), Fixtures.Linac("B", 8, 18, 20));
        var second = Fixtures.Request(Fixtures.CenterIn("America/Chicago", Fixtures.EveryDay), Fixtures.QuietMonday.PlusDays(7), lesions: 5, cap: 3, Fixtures.Linac("A"));

        foreach (var request in new[] { first, second, first })
        {
            var shared = Scheduler.Plan(request, cache);
            var fresh = Scheduler.Plan(request);

            Assert.True(shared.IsFeasible);
            Assert.Equal(
                fresh.Plan!.Fractions.Select(f => (f.LesionId, f.LinacId, f.Start.ToInstant())),
                shared.Plan!.Fractions.Select(f => (f.LesionId, f.LinacId, f.Start.ToInstant())));
            Assert.InRange(cache.Count, 1, capacity);
        }
    }

    [Fact]
    public void Capacity_BelowOne_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlotGridCache(0));
}
