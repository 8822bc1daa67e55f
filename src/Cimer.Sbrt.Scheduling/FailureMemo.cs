using FailureKey = ((int DayAndMoves, System.UInt128 Lesions) Bucket, ulong[] Parts);

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// States proven to fail, with the visit budget they failed with. What the future depends on is
/// the date and, per lesion, remaining count, kept fractions ahead and the last start where it
/// still binds the 48 h rule. A state fails too when one that failed had no less budget and, lesion
/// by lesion, no later last start (an earlier last start only loosens the rule). Lesions with
/// nothing ahead are interchangeable, so they are sorted. Buckets hold the states that differ
/// only in their last starts. Kept across runs of one search: the budget is part of each entry.
/// </summary>
internal sealed class FailureMemo
{
    /// <summary>Enough to catch the repeats that matter without scanning long lists at every node.</summary>
    private const int MaxFailuresPerBucket = 48;
    private const long TicksPerMinute = NodaTime.NodaConstants.TicksPerMinute;

    private readonly Dictionary<(int, UInt128), List<(ushort[] Times, int Budget, int Distance)>> failed = [];
    private readonly Instance instance;
    private readonly DayInfo[] days;
    private readonly StayerIndex stayers;

    /// <summary>Last starts are kept as minutes from here: three gaps before the span, so any start that still binds fits.</summary>
    private readonly long origin;

    public FailureMemo(Instance instance, DayInfo[] days, StayerIndex stayers)
    {
        this.instance = instance;
        this.days = days;
        this.stayers = stayers;
        origin = days[0].FirstSlotTicks - 3 * Instance.GapTicks;
    }

    /// <summary>
    /// The bucket (date, move budget, and per lesion remaining 3 bits, kept ahead 3, identity 3) and
    /// the sorted last starts in minutes (0 when not binding); null when a start does not fit 16 bits.
    /// </summary>
    public FailureKey? Key(SearchState state, int dayIndex)
    {
        var remaining = state.Remaining;
        var lastStart = state.LastStart;
        var parts = new ulong[remaining.Length];
        var dayStart = days[dayIndex].FirstSlotTicks;
        for (var i = 0; i < parts.Length; i++)
        {
            var bindsFrom = lastStart[i] == long.MinValue || lastStart[i] + Instance.GapTicks <= dayStart || remaining[i] == 0
                ? 0UL
                : 1UL + (ulong)((lastStart[i] - origin) / TicksPerMinute);
            if (bindsFrom >= 1UL << 16 || (lastStart[i] < origin && bindsFrom != 0))
            {
                return null;
            }

            var keptAhead = (ulong)(instance.KeptDays[i].Length - state.KeptPassed[i]);
            var identity = keptAhead > 0 || stayers.LastDayOf[i] >= days[dayIndex].DayNumber || instance.MixedGroups ? (ulong)i + 1 : 0UL;
            parts[i] = ((ulong)remaining[i] << 22) | (keptAhead << 19) | (identity << 16) | bindsFrom;
        }

        Array.Sort(parts);
        UInt128 bucket = 0;
        foreach (var part in parts)
        {
            bucket = (bucket << 9) | (part >> 16);
        }

        var movesLeft = state.MaxMoves == int.MaxValue ? 255 : Math.Min(254, state.MaxMoves - state.Moves);
        return ((dayIndex | (movesLeft << 16), bucket), parts);
    }

    /// <summary>True when a state no better failed with no less visit budget and no less preferred-time distance left.</summary>
    public bool KnownToFail(FailureKey key, int budget, int distanceLeft = int.MaxValue)
    {
        if (!failed.TryGetValue(key.Bucket, out var entries))
        {
            return false;
        }

        foreach (var (times, failedBudget, failedDistance) in entries)
        {
            if (failedBudget < budget || failedDistance < distanceLeft)
            {
                continue;
            }

            var dominated = true;
            for (var i = 0; i < times.Length && dominated; i++)
            {
                dominated = (key.Parts[i] & 0xFFFF) >= times[i];
            }

            if (dominated)
            {
                return true;
            }
        }

        return false;
    }

    public void RecordFailure(FailureKey key, int budget, int distanceLeft = int.MaxValue)
    {
        if (!failed.TryGetValue(key.Bucket, out var entries))
        {
            entries = [];
            failed[key.Bucket] = entries;
        }

        if (entries.Count < MaxFailuresPerBucket)
        {
            entries.Add(([.. key.Parts.Select(p => (ushort)(p & 0xFFFF))], budget, distanceLeft));
        }
    }
}
