using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>Half-open intervals sorted for overlap queries in O(log n): bookings of one linac.</summary>
internal sealed class IntervalIndex
{
    private readonly long[] starts;
    private readonly long[] maxEndSoFar;

    public IntervalIndex(IEnumerable<(Instant Start, Instant End)> intervals)
    {
        var sorted = intervals.Select(i => (S: i.Start.ToUnixTimeTicks(), E: i.End.ToUnixTimeTicks())).OrderBy(i => i.S).ToArray();
        starts = [.. sorted.Select(i => i.S)];
        maxEndSoFar = new long[sorted.Length];
        var max = long.MinValue;
        for (var i = 0; i < sorted.Length; i++)
        {
            max = Math.Max(max, sorted[i].E);
            maxEndSoFar[i] = max;
        }
    }

    /// <summary>True when some interval overlaps [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public bool Overlaps(long start, long end)
    {
        // Intervals starting before `end` are a prefix; one of them overlaps iff the largest end among them is after `start`.
        var index = Array.BinarySearch(starts, end);
        var count = index >= 0 ? LowerBound(index, end) : ~index;
        return count > 0 && maxEndSoFar[count - 1] > start;
    }

    /// <summary>
    /// A walk over queries whose ends never decrease (a day's slots in time order), from one ending at or
    /// after <paramref name="firstEnd"/>: each query then costs amortized O(1), not a binary search.
    /// </summary>
    public Walk WalkFrom(long firstEnd)
    {
        var index = Array.BinarySearch(starts, firstEnd);
        return new Walk(this, index >= 0 ? LowerBound(index, firstEnd) : ~index);
    }

    /// <summary>See <see cref="WalkFrom"/>.</summary>
    public struct Walk(IntervalIndex index, int count)
    {
        /// <summary>As <see cref="IntervalIndex.Overlaps"/>, for an <paramref name="end"/> no earlier than the last one asked.</summary>
        public bool Overlaps(long start, long end)
        {
            // Intervals starting before `end` are a prefix that only grows as `end` does.
            while (count < index.starts.Length && index.starts[count] < end)
            {
                count++;
            }

            return count > 0 && index.maxEndSoFar[count - 1] > start;
        }
    }

    private int LowerBound(int index, long value)
    {
        while (index > 0 && starts[index - 1] == value)
        {
            index--;
        }

        return index;
    }
}
