namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Which lesions a visit may treat: non-empty subsets of the eligible ones, one per class of
/// interchangeable lesions (same count left and last start, nothing ahead; taken in index order),
/// so the walk never tries two visits that differ only by swapping lesions with the same future.
/// </summary>
internal sealed class LesionSubsets(SearchState state)
{
    /// <summary>Non-empty canonical subsets of at most <paramref name="room"/> lesions, largest and most urgent first.</summary>
    public List<int[]> Of(ReadOnlySpan<int> eligible, int room, int dayNumber)
    {
        var result = new List<int[]>();
        var count = eligible.Length;
        for (var mask = 1; mask < 1 << count; mask++)
        {
            var size = System.Numerics.BitOperations.PopCount((uint)mask);
            if (size > room || !IsCanonical(eligible, mask, dayNumber))
            {
                continue;
            }

            var subset = new int[size];
            for (int b = 0, k = 0; b < count; b++)
            {
                if ((mask & (1 << b)) != 0)
                {
                    subset[k++] = eligible[b];
                }
            }

            result.Add(subset);
        }

        result.Sort((a, b) => a.Length != b.Length ? b.Length - a.Length : Urgency(b) - Urgency(a));
        return result;
    }

    /// <summary>Fractions the subset's lesions still need: the more, the sooner they must be treated.</summary>
    private int Urgency(int[] subset)
    {
        var sum = 0;
        foreach (var lesion in subset)
        {
            sum += state.Remaining[lesion];
        }

        return sum;
    }

    /// <summary>No lesion left out is interchangeable with one taken and comes before it.</summary>
    private bool IsCanonical(ReadOnlySpan<int> eligible, int mask, int dayNumber)
    {
        for (var b = 1; b < eligible.Length; b++)
        {
            if ((mask & (1 << b)) == 0)
            {
                continue;
            }

            for (var a = 0; a < b; a++)
            {
                if ((mask & (1 << a)) == 0 && state.Interchangeable(eligible[a], eligible[b], dayNumber))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
