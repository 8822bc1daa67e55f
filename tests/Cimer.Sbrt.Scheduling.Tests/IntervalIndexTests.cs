using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>The booking index answers overlap queries as a scan of every interval does, searched or walked.</summary>
public sealed class IntervalIndexTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Searching_and_walking_answer_as_a_scan_of_every_interval_does(int seed)
    {
        var random = new Random(seed);
        // Bookings of mixed lengths that may overlap, touch and nest, as kept fractions beside plans' slots can.
        var intervals = Enumerable.Range(0, random.Next(0, 60))
            .Select(_ => random.Next(0, 400))
            .Select(start => (Start: At(start), End: At(start + random.Next(1, 40))))
            .ToList();
        var index = new IntervalIndex(intervals);
        foreach (var slotLength in new[] { 1, 5, 10, 30 })
        {
            // A day's slots: in time order, none overlapping, some with gaps between them (openings).
            var slots = new List<(long Start, long End)>();
            for (var t = random.Next(0, 20); t < 450; t += slotLength + random.Next(0, 3))
            {
                slots.Add((At(t).ToUnixTimeTicks(), At(t + slotLength).ToUnixTimeTicks()));
            }

            var walk = index.WalkFrom(slots[0].End);
            foreach (var (start, end) in slots)
            {
                var scanned = intervals.Any(i => i.Start.ToUnixTimeTicks() < end && start < i.End.ToUnixTimeTicks());
                Assert.Equal(scanned, index.Overlaps(start, end));
                Assert.Equal(scanned, walk.Overlaps(start, end));
            }
        }
    }

    private static Instant At(int minute) => Instant.FromUtc(2026, 12, 7, 12, 0) + Duration.FromMinutes(minute);
}
