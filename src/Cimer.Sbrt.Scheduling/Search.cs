namespace Cimer.Sbrt.Scheduling;

/// <summary>A previous fraction that may stay where it is: moving it counts against the re-plan (R5 "best" 2).</summary>
internal readonly record struct Stayer(int Lesion, int DayNumber, int Linac, int Slot);

/// <summary>One new fraction placed by the search: lesion, run-day index, linac, slot, start ticks.</summary>
internal readonly record struct Placement(int Lesion, int DayNumber, int Linac, int Slot, long Start);

/// <summary>
/// Depth-first search over the dates of one candidate span [first, last], chronologically.
/// At each date it chooses which lesions to treat (a canonical subset under lesion symmetry),
/// their order in the visit and the block of consecutive slots. For a fixed order the earliest
/// feasible block dominates every later one (the 48 h rule only gives lower bounds, and kept
/// fractions upper bounds that earlier starts also meet), so only the earliest block per order
/// and linac, plus one preferred block for the tie-break, is tried. Bounds prune on the 48 h
/// chain each lesion still needs, the remaining daily capacity and the visit budget.
/// </summary>
internal sealed class Search
{
    private const int None = int.MinValue;
    private const int MaxLesions = 5;
    private const long TicksPerMinute = NodaTime.NodaConstants.TicksPerMinute;
    private static readonly int[][][] Permutations = [.. Enumerable.Range(0, 6).Select(BuildPermutations)];

    private readonly Instance inst;
    private readonly DayInfo[] days;
    private readonly int n;
    private readonly int cap;
    private readonly int[] remaining;
    private readonly long[] last;
    private readonly int[] lastDay;
    private readonly int[] keptPointer;
    private readonly int[][] chain;
    private readonly int[] capSuffix;
    private readonly int[] keptSpareSuffix;
    private readonly int[] keptDaysSuffix;
    private readonly int[] firstIndexAtOrAfter;
    private readonly int baseDay;
    private readonly long origin;
    private readonly IReadOnlyDictionary<int, (int Linac, int Minute)> preferred;
    private readonly List<Placement> stack = [];
    private readonly Stack<Candidate> applied = new();
    private int maxNewVisits;
    private int anchorMinute = -1;
    private int lastLinac = -1;

    public Search(Instance inst, DayInfo[] days, IReadOnlyDictionary<int, (int Linac, int Minute)> preferred, IReadOnlyList<Stayer>? stayers = null, bool firstDayFixed = true)
    {
        this.firstDayFixed = firstDayFixed;
        this.inst = inst;
        this.days = days;
        this.preferred = preferred;
        n = inst.LesionCount;
        stayersByDay = new Stayer[days.Length][];
        lastStayerDay = new int[n];
        Array.Fill(lastStayerDay, None);
        for (var i = 0; i < days.Length; i++)
        {
            stayersByDay[i] = [.. (stayers ?? []).Where(x => x.DayNumber == days[i].DayNumber)];
            foreach (var x in stayersByDay[i])
            {
                lastStayerDay[x.Lesion] = Math.Max(lastStayerDay[x.Lesion], x.DayNumber);
            }
        }

        StayersOutside = (stayers ?? []).Count(x => !days.Any(d => d.DayNumber == x.DayNumber));
        stayerSuffix = new int[days.Length + 1];
        for (var i = days.Length - 1; i >= 0; i--)
        {
            stayerSuffix[i] = stayerSuffix[i + 1] + stayersByDay[i].Length;
        }
        cap = inst.Cap;
        remaining = new int[n];
        last = new long[n];
        lastDay = new int[n];
        keptPointer = new int[n];
        baseDay = days[0].DayNumber;
        origin = days[0].FirstSlotTicks - 3 * Instance.GapTicks;
        var span = days[^1].DayNumber - baseDay + 3;
        firstIndexAtOrAfter = new int[span];
        for (int d = 0, i = 0; d < span; d++)
        {
            while (i < days.Length && days[i].DayNumber < baseDay + d)
            {
                i++;
            }

            firstIndexAtOrAfter[d] = i;
        }

        chain = new int[n][];
        for (var lesion = 0; lesion < n; lesion++)
        {
            chain[lesion] = BuildChain(lesion);
        }

        capSuffix = new int[days.Length + 1];
        keptSpareSuffix = new int[days.Length + 1];
        keptDaysSuffix = new int[days.Length + 1];
        for (var i = days.Length - 1; i >= 0; i--)
        {
            var kept = days[i].Kept.Count > 0;
            capSuffix[i] = capSuffix[i + 1] + days[i].NewCap;
            keptSpareSuffix[i] = keptSpareSuffix[i + 1] + (kept ? days[i].NewCap : 0);
            keptDaysSuffix[i] = keptDaysSuffix[i + 1] + (kept ? 1 : 0);
        }

        initialAnchor = days.SelectMany(d => d.Kept.Where(k => k.Linac >= 0 && k.Slot >= 0).Select(k => (k.Start, Minute: d.Linacs[k.Linac].MinuteOfDay[k.Slot])))
            .OrderBy(k => k.Start).Select(k => k.Minute).DefaultIfEmpty(-1).First();
    }

    private readonly int initialAnchor;
    private readonly bool firstDayFixed;
    private readonly Stayer[][] stayersByDay;
    private readonly int[] lastStayerDay;
    private int maxMoves;
    private int moves;
    private int finalMoves;
    private readonly int[] stayerSuffix;

    /// <summary>Previous fractions that could have stayed but fall outside these dates: moved whatever the search does.</summary>
    public int StayersOutside { get; }

    /// <summary>Unforced moves of the solution (previous fractions not kept in their slot).</summary>
    public int SolutionMoves { get; private set; }

    /// <summary>
    /// States proven to fail, with the visit budget they failed with. What the future depends on is
    /// the date and, per lesion, remaining count, kept fractions ahead and the last start where it
    /// still binds the 48 h rule. A state fails too when one that failed had no less budget and, lesion
    /// by lesion, no later last start (an earlier last start only loosens the rule). Lesions with
    /// nothing ahead are interchangeable, so they are sorted. Buckets hold the states that differ
    /// only in their last starts.
    /// </summary>
    private readonly Dictionary<(int, UInt128), List<(ushort[] Times, int Budget)>> failed = [];
    private const int MaxFailuresPerBucket = 48;

    /// <summary>
    /// The bucket (date, move budget, and per lesion remaining 3 bits, kept ahead 3, identity 3) and
    /// the sorted last starts in minutes (0 when not binding); null when a start does not fit 16 bits.
    /// </summary>
    private ((int, UInt128) Bucket, ulong[] Parts)? StateKey(int idx)
    {
        var parts = new ulong[n];
        var dayStart = days[idx].FirstSlotTicks;
        for (var i = 0; i < n; i++)
        {
            var bindsFrom = last[i] == long.MinValue || last[i] + Instance.GapTicks <= dayStart || remaining[i] == 0
                ? 0UL
                : 1UL + (ulong)((last[i] - origin) / TicksPerMinute);
            if (bindsFrom >= 1UL << 16 || (last[i] < origin && bindsFrom != 0))
            {
                return null;
            }

            var keptAhead = (ulong)(inst.KeptDays[i].Length - keptPointer[i]);
            var identity = keptAhead > 0 || lastStayerDay[i] >= days[idx].DayNumber ? (ulong)i + 1 : 0UL;
            parts[i] = ((ulong)remaining[i] << 22) | (keptAhead << 19) | (identity << 16) | bindsFrom;
        }

        Array.Sort(parts);
        UInt128 bucket = 0;
        foreach (var part in parts)
        {
            bucket = (bucket << 9) | (part >> 16);
        }

        var movesLeft = maxMoves == int.MaxValue ? 255 : Math.Min(254, maxMoves - moves);
        return ((idx | (movesLeft << 16), bucket), parts);
    }

    private bool KnownToFail(((int, UInt128) Bucket, ulong[] Parts) key, int budget)
    {
        if (!failed.TryGetValue(key.Bucket, out var entries))
        {
            return false;
        }

        foreach (var (times, failedBudget) in entries)
        {
            if (failedBudget < budget)
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

    private void RecordFailure(((int, UInt128) Bucket, ulong[] Parts) key, int budget)
    {
        if (!failed.TryGetValue(key.Bucket, out var entries))
        {
            entries = [];
            failed[key.Bucket] = entries;
        }

        if (entries.Count < MaxFailuresPerBucket)
        {
            entries.Add(([.. key.Parts.Select(p => (ushort)(p & 0xFFFF))], budget));
        }
    }

    /// <summary>Back to the state before the first date: a search may run several times with tighter budgets.</summary>
    private void Reset()
    {
        Array.Copy(inst.Remaining, remaining, n);
        Array.Fill(last, long.MinValue);
        Array.Fill(lastDay, None);
        Array.Clear(keptPointer);
        stack.Clear();
        applied.Clear();
        moves = 0;
        anchorMinute = initialAnchor;
        lastLinac = -1;
    }

    /// <summary>Search nodes visited, for benchmarks and tests of pruning.</summary>
    public long Nodes { get; private set; }

    /// <summary>The new fractions of the plan found by the last successful <see cref="Run"/>.</summary>
    public Placement[] Solution { get; private set; } = [];

    /// <summary>Visits of the solution: dates with new fractions plus dates with kept ones.</summary>
    public int SolutionVisits { get; private set; }

    /// <summary>Finds a plan on these dates with at most <paramref name="maxVisits"/> visits in all.</summary>
    public bool Run(int maxVisits, int maxMoves = int.MaxValue)
    {
        maxNewVisits = maxVisits - keptDaysSuffix[0];
        this.maxMoves = maxMoves == int.MaxValue ? int.MaxValue : maxMoves - StayersOutside;
        if (maxNewVisits < 0 || this.maxMoves < 0)
        {
            return false;
        }

        Reset();
        if (!Dfs(0, 0))
        {
            return false;
        }

        Solution = [.. stack.Where(p => p.Lesion >= 0)];
        SolutionMoves = finalMoves + StayersOutside;
        SolutionVisits = keptDaysSuffix[0] + Solution.Select(p => p.DayNumber).Distinct().Count(d => inst.DayAt(d)!.Kept.Count == 0);
        return true;
    }

    private int[] BuildChain(int lesion)
    {
        var keptDays = inst.KeptDays[lesion];
        var result = new int[days.Length + 1];
        for (var i = days.Length - 1; i >= 0; i--)
        {
            var usable = days[i].NewCap > 0 || Array.IndexOf(keptDays, days[i].DayNumber) >= 0;
            result[i] = usable ? Math.Max(result[i + 1], 1 + result[IndexAtOrAfter(days[i].DayNumber + 2)]) : result[i + 1];
        }

        return result;
    }

    private int IndexAtOrAfter(int dayNumber)
    {
        var d = dayNumber - baseDay;
        return d <= 0 ? 0 : d >= firstIndexAtOrAfter.Length ? days.Length : firstIndexAtOrAfter[d];
    }

    private bool Dfs(int idx, int newVisits)
    {
        Nodes++;
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            total += remaining[i];
        }

        if (total == 0)
        {
            // Kept fractions still ahead were checked against the new ones as those were placed;
            // previous fractions still ahead have nothing left to stay for: they moved.
            finalMoves = moves + stayerSuffix[idx];
            return finalMoves <= maxMoves;
        }

        if (idx == days.Length || !WithinBounds(idx, newVisits, total))
        {
            return false;
        }

        var key = StateKey(idx);
        var budget = maxNewVisits - newVisits;
        if (key is { } known && KnownToFail(known, budget))
        {
            return false;
        }

        var day = days[idx];
        var keptToday = day.Kept.Count > 0;
        var linacBefore = lastLinac;
        var ok = (!keptToday || ApplyKept(day)) && TryDay(idx, day, newVisits, keptToday);
        if (ok)
        {
            // The stack now holds the solution; the next Run resets the state.
            return true;
        }

        if (keptToday)
        {
            UndoKept(day);
            lastLinac = linacBefore;
        }

        if (key is { } k)
        {
            RecordFailure(k, budget);
        }

        return false;
    }

    private bool TryDay(int idx, DayInfo day, int newVisits, bool keptToday)
    {
        today = day.DayNumber;
        Span<int> eligible = stackalloc int[n];
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (IsEligible(i, day))
            {
                eligible[count++] = i;
            }
        }

        var room = Math.Min(day.NewCap, count);
        var visitsAfter = newVisits + (keptToday ? 0 : 1);
        if (room > 0 && visitsAfter <= maxNewVisits)
        {
            foreach (var subset in Subsets(eligible[..count], room))
            {
                foreach (var candidate in Candidates(idx, day, subset))
                {
                    if (moves + candidate.Moved > maxMoves)
                    {
                        continue;
                    }

                    moves += candidate.Moved;
                    Apply(day, candidate);
                    if (Dfs(idx + 1, visitsAfter))
                    {
                        return true;
                    }

                    Undo(candidate.Lesions.Length);
                    moves -= candidate.Moved;
                }
            }
        }

        // The first date of the span must hold a fraction, else the span would be shorter.
        var movedBySkipping = stayersByDay[idx].Length;
        // A kept visit with holes must have them filled, or it would not be consecutive.
        if ((idx == 0 && !keptToday && firstDayFixed) || day.KeptGaps > 0 || moves + movedBySkipping > maxMoves)
        {
            return false;
        }

        moves += movedBySkipping;
        var skipped = Dfs(idx + 1, newVisits);
        moves -= movedBySkipping;
        return skipped;
    }

    private bool IsEligible(int i, DayInfo day)
    {
        if (remaining[i] == 0 || (lastDay[i] != None && day.DayNumber < lastDay[i] + 2))
        {
            return false;
        }

        var kp = keptPointer[i];
        return kp >= inst.KeptDays[i].Length || inst.KeptDays[i][kp] >= day.DayNumber + 2;
    }

    private bool WithinBounds(int idx, int newVisits, int total)
    {
        if (total > capSuffix[idx])
        {
            return false;
        }

        var maxRemaining = 0;
        var today = days[idx].DayNumber;
        for (var i = 0; i < n; i++)
        {
            var need = remaining[i] + inst.KeptDays[i].Length - keptPointer[i];
            if (need == 0)
            {
                continue;
            }

            maxRemaining = Math.Max(maxRemaining, remaining[i]);
            var from = lastDay[i] == None ? today : Math.Max(today, lastDay[i] + 2);
            if (chain[i][IndexAtOrAfter(from)] < need)
            {
                return false;
            }
        }

        var spare = keptSpareSuffix[idx];
        var byCapacity = Math.Max(0, total - spare);
        var needVisits = Math.Max((byCapacity + cap - 1) / cap, maxRemaining - keptDaysSuffix[idx]);
        return newVisits + needVisits <= maxNewVisits;
    }

    private bool ApplyKept(DayInfo day)
    {
        var ok = true;
        foreach (var k in day.Kept)
        {
            if (last[k.Lesion] != long.MinValue && k.Start - last[k.Lesion] < Instance.GapTicks)
            {
                ok = false;
            }

            stack.Add(new Placement(~k.Lesion, lastDay[k.Lesion], -1, -1, last[k.Lesion]));
            last[k.Lesion] = k.Start;
            lastDay[k.Lesion] = day.DayNumber;
            keptPointer[k.Lesion]++;
            if (k.Linac >= 0)
            {
                lastLinac = k.Linac;
            }
        }

        return ok;
    }

    private void UndoKept(DayInfo day)
    {
        for (var c = 0; c < day.Kept.Count; c++)
        {
            var saved = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            var lesion = ~saved.Lesion;
            last[lesion] = saved.Start;
            lastDay[lesion] = saved.DayNumber;
            keptPointer[lesion]--;
        }
    }

    private void Apply(DayInfo day, Candidate candidate)
    {
        var saved = new (long, int)[candidate.Lesions.Length];
        for (var p = 0; p < saved.Length; p++)
        {
            saved[p] = (last[candidate.Lesions[p]], lastDay[candidate.Lesions[p]]);
        }

        candidate.Saved = (anchorMinute, lastLinac, saved);
        applied.Push(candidate);
        if (anchorMinute < 0)
        {
            anchorMinute = candidate.Minute;
        }

        for (var p = 0; p < candidate.Lesions.Length; p++)
        {
            var lesion = candidate.Lesions[p];
            var slot = candidate.Slots[p];
            var start = day.Linacs[candidate.Linac].Start[slot];
            stack.Add(new Placement(lesion, day.DayNumber, candidate.Linac, slot, start));
            remaining[lesion]--;
            last[lesion] = start;
            lastDay[lesion] = day.DayNumber;
        }

        lastLinac = candidate.Linac;
    }

    private void Undo(int count)
    {
        var candidate = applied.Pop();
        stack.RemoveRange(stack.Count - count, count);
        (anchorMinute, lastLinac, var saved) = candidate.Saved;
        for (var p = 0; p < count; p++)
        {
            var lesion = candidate.Lesions[p];
            remaining[lesion]++;
            (last[lesion], lastDay[lesion]) = saved[p];
        }
    }

    /// <summary>Non-empty canonical subsets of the eligible lesions, largest and most urgent first.</summary>
    private List<int[]> Subsets(ReadOnlySpan<int> eligible, int room)
    {
        var result = new List<int[]>();
        var count = eligible.Length;
        for (var mask = 1; mask < 1 << count; mask++)
        {
            var size = System.Numerics.BitOperations.PopCount((uint)mask);
            if (size > room || !IsCanonical(eligible, mask))
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

    private int Urgency(int[] subset)
    {
        var sum = 0;
        foreach (var l in subset)
        {
            sum += remaining[l];
        }

        return sum;
    }

    /// <summary>Interchangeable lesions (same remaining count and last start, nothing kept ahead) are taken in index order.</summary>
    private bool IsCanonical(ReadOnlySpan<int> eligible, int mask)
    {
        for (var b = 1; b < eligible.Length; b++)
        {
            if ((mask & (1 << b)) == 0)
            {
                continue;
            }

            for (var a = 0; a < b; a++)
            {
                if ((mask & (1 << a)) == 0 && Interchangeable(eligible[a], eligible[b]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool Interchangeable(int a, int b) =>
        remaining[a] == remaining[b] && last[a] == last[b] && NothingAhead(a) && NothingAhead(b);

    /// <summary>No kept fraction and no previous slot to keep lies ahead: the lesion's future is like any other's.</summary>
    private bool NothingAhead(int lesion) => keptPointer[lesion] >= inst.KeptDays[lesion].Length && lastStayerDay[lesion] < today;

    private int today;

    private List<Candidate> Candidates(int idx, DayInfo day, int[] subset)
    {
        today = day.DayNumber;
        var stay = stayersByDay[idx];
        var all = new List<Candidate>();
        var pref = preferred.TryGetValue(day.DayNumber, out var p) ? p : (Linac: lastLinac, Minute: anchorMinute);
        Candidate? favourite = null;
        var order = new int[subset.Length];
        foreach (var perm in Permutations[subset.Length])
        {
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = subset[perm[i]];
            }

            if (!RespectsSymmetry(order))
            {
                continue;
            }

            for (var l = 0; l < day.Linacs.Length; l++)
            {
                if (day.KeptLinac >= 0 && l != day.KeptLinac)
                {
                    continue;
                }

                if (FindBlock(day, l, order, -1, -1) is { } earliest)
                {
                    all.Add(earliest);
                }

                if (favourite is null && pref.Minute >= 0 && (pref.Linac < 0 || pref.Linac == l || day.KeptLinac >= 0))
                {
                    favourite = FindBlock(day, l, order, pref.Minute, -1);
                }

                if (day.KeptLinac >= 0)
                {
                    // Around a kept visit the few blocks that contain it are all tried: one may keep a previous slot.
                    if (stay.Length > 0)
                    {
                        for (var j = 0; j < day.Linacs[l].Count; j++)
                        {
                            if (FindBlock(day, l, order, -1, j) is { } around)
                            {
                                all.Add(around);
                            }
                        }
                    }

                    continue;
                }

                foreach (var x in stay)
                {
                    var at = Array.IndexOf(order, x.Lesion);
                    if (x.Linac == l && at >= 0 && x.Slot >= at && FindBlock(day, l, order, -1, x.Slot - at) is { } aligned)
                    {
                        all.Add(aligned);
                    }
                }
            }
        }

        if (favourite is not null)
        {
            all.Add(favourite);
        }

        foreach (var c in all)
        {
            c.StartOf = new long[MaxLesions];
            for (var i = 0; i < c.Lesions.Length; i++)
            {
                c.StartOf[c.Lesions[i]] = day.Linacs[c.Linac].Start[c.Slots[i]];
            }

            var matched = 0;
            foreach (var x in stay)
            {
                var at = Array.IndexOf(c.Lesions, x.Lesion);
                matched += at >= 0 && c.Linac == x.Linac && c.Slots[at] == x.Slot ? 1 : 0;
            }

            c.Moved = stay.Length - matched;
        }

        all.Sort((a, b) => a.Moved != b.Moved ? a.Moved - b.Moved
            : a == favourite ? -1 : b == favourite ? 1
            : a.Sum != b.Sum ? a.Sum.CompareTo(b.Sum)
            : (b.Linac == lastLinac ? 1 : 0) - (a.Linac == lastLinac ? 1 : 0));
        var result = new List<Candidate>(all.Count);
        foreach (var c in all)
        {
            // A candidate no earlier for any lesion and moving no fewer previous fractions than one already kept adds nothing.
            if (!result.Any(k => (k != favourite && k.Moved <= c.Moved && Dominates(k, c)) || (k.Moved == c.Moved && SameStarts(k, c))))
            {
                result.Add(c);
            }
        }

        return result;
    }

    private bool RespectsSymmetry(int[] order)
    {
        for (var a = 0; a < order.Length; a++)
        {
            for (var b = a + 1; b < order.Length; b++)
            {
                int x = order[a], y = order[b];
                if (remaining[x] == remaining[y] && NothingAhead(x) && NothingAhead(y)
                    && (last[x] > last[y] || (last[x] == last[y] && x > y)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The earliest feasible block for <paramref name="order"/> on linac <paramref name="l"/>, or the
    /// one starting at local <paramref name="minute"/>, or the one starting at slot <paramref name="at"/>.
    /// </summary>
    private Candidate? FindBlock(DayInfo day, int l, int[] order, int minute, int at)
    {
        var ld = day.Linacs[l];
        var size = order.Length + (day.KeptLinac >= 0 ? day.Kept.Count : 0);
        if (day.KeptLinac >= 0 && size < day.KeptLast - day.KeptFirst + 1)
        {
            return null;
        }

        int from = 0, to = ld.Count - size;
        if (day.KeptLinac >= 0)
        {
            from = Math.Max(0, day.KeptLast - size + 1);
            to = Math.Min(to, day.KeptFirst);
        }

        Span<int> slots = stackalloc int[order.Length];
        for (var j = from; j <= to; j++)
        {
            if ((minute >= 0 && ld.MinuteOfDay[j] != minute) || (at >= 0 && j != at))
            {
                continue;
            }

            if (BlockFits(day, ld, j, size, order, slots))
            {
                var sum = 0L;
                foreach (var s in slots)
                {
                    sum += ld.Start[s] - ld.Start[0];
                }

                return new Candidate(l, [.. order], [.. slots], sum, ld.MinuteOfDay[j]);
            }
        }

        return null;
    }

    private bool BlockFits(DayInfo day, LinacDay ld, int j, int size, int[] order, Span<int> slots)
    {
        var p = 0;
        for (var s = j; s < j + size; s++)
        {
            if (s > j && !ld.Adjacent(s - 1))
            {
                return false;
            }

            if (day.KeptLinac >= 0 && day.IsKeptSlot(s))
            {
                continue;
            }

            if (!ld.Free[s])
            {
                return false;
            }

            var lesion = order[p];
            var start = ld.Start[s];
            if (last[lesion] != long.MinValue && start - last[lesion] < Instance.GapTicks)
            {
                return false;
            }

            var kp = keptPointer[lesion];
            if (kp < inst.KeptStarts[lesion].Length && inst.KeptStarts[lesion][kp] - start < Instance.GapTicks)
            {
                return false;
            }

            slots[p++] = s;
        }

        return true;
    }

    private static bool Dominates(Candidate a, Candidate b)
    {
        for (var i = 0; i < a.Lesions.Length; i++)
        {
            var lesion = a.Lesions[i];
            if (a.StartOf[lesion] > b.StartOf[lesion])
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameStarts(Candidate a, Candidate b) => Dominates(a, b) && Dominates(b, a);

    private static int[][] BuildPermutations(int k)
    {
        var result = new List<int[]>();
        Permute([.. Enumerable.Range(0, k)], 0, result);
        return [.. result];
    }

    private static void Permute(int[] items, int at, List<int[]> result)
    {
        if (at == items.Length)
        {
            result.Add([.. items]);
            return;
        }

        for (var i = at; i < items.Length; i++)
        {
            (items[at], items[i]) = (items[i], items[at]);
            Permute(items, at + 1, result);
            (items[at], items[i]) = (items[i], items[at]);
        }
    }

    /// <summary>One way to treat a subset on a date: linac, lesions in visit order, their slots.</summary>
    private sealed class Candidate(int linac, int[] lesions, int[] slots, long sum, int minute)
    {
        public int Linac { get; } = linac;
        public int[] Lesions { get; } = lesions;
        public int[] Slots { get; } = slots;
        public long Sum { get; } = sum;
        public int Minute { get; } = minute;
        public int Moved { get; set; }
        public long[] StartOf { get; set; } = [];
        public (int Anchor, int LastLinac, (long, int)[] Last) Saved { get; set; }
    }
}
