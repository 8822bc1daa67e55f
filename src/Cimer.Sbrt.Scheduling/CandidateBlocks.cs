namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// The blocks of consecutive slots a visit of a given subset may take on a date. For a fixed order
/// the earliest feasible block dominates every later one (the 48 h rule only gives lower bounds, and
/// kept fractions upper bounds that earlier starts also meet), so only the earliest block per order
/// and linac is tried, plus one preferred block for the time-of-day tie-break and, in re-plans,
/// the blocks that keep a previous slot. A candidate no earlier for any lesion than another and
/// moving no fewer previous fractions adds nothing and is dropped.
/// </summary>
internal sealed class CandidateBlocks(Instance instance, SearchState state, StayerIndex stayers, IReadOnlyDictionary<int, (int Linac, int Minute)> preferred)
{
    private const int MaxLesions = 5;

    /// <summary>The candidates for <paramref name="subset"/> on day index <paramref name="dayIndex"/>, best first.</summary>
    public List<Candidate> For(int dayIndex, DayInfo day, int[] subset)
    {
        var stay = stayers.OnDay[dayIndex];
        var all = new List<Candidate>();
        var pref = preferred.TryGetValue(day.DayNumber, out var p) ? p : (Linac: state.LastLinac, Minute: state.AnchorMinute);
        Candidate? favourite = null;
        var order = new int[subset.Length];
        foreach (var perm in Permutations.OfSize[subset.Length])
        {
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = subset[perm[i]];
            }

            if (!RespectsSymmetry(order, day.DayNumber))
            {
                continue;
            }

            for (var l = 0; l < day.Linacs.Length; l++)
            {
                if ((day.KeptLinac >= 0 && l != day.KeptLinac) || !instance.Allows(order, l))
                {
                    continue;
                }

                if (FindBlock(day, l, order, -1, -1) is { } earliest)
                {
                    all.Add(earliest);
                    if (instance.PreferredMinute >= 0)
                    {
                        // With a preferred time a later block may be worth its later starts: every block is a
                        // candidate, and dominance below also weighs the distance to the preferred time.
                        for (var j = 0; j < day.Linacs[l].Count; j++)
                        {
                            if (FindBlock(day, l, order, -1, j) is { } other && other.Minute != earliest.Minute)
                            {
                                all.Add(other);
                            }
                        }
                    }
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

        var lastLinac = state.LastLinac;
        all.Sort((a, b) => a.Moved != b.Moved ? a.Moved - b.Moved
            : instance.DistanceOf(a.Minute) != instance.DistanceOf(b.Minute) ? instance.DistanceOf(a.Minute) - instance.DistanceOf(b.Minute)
            : a == favourite ? -1 : b == favourite ? 1
            : a.Sum != b.Sum ? a.Sum.CompareTo(b.Sum)
            : (b.Linac == lastLinac ? 1 : 0) - (a.Linac == lastLinac ? 1 : 0));
        var result = new List<Candidate>(all.Count);
        foreach (var c in all)
        {
            // A candidate no earlier for any lesion and moving no fewer previous fractions than one already kept adds nothing.
            if (!result.Any(k => (k != favourite && k.Moved <= c.Moved && Dominates(k, c) && instance.DistanceOf(k.Minute) <= instance.DistanceOf(c.Minute))
                || (k.Moved == c.Moved && SameStarts(k, c))))
            {
                result.Add(c);
            }
        }

        return result;
    }

    /// <summary>Of interchangeable lesions in one visit, the one treated last before goes first (then index order): one order per class.</summary>
    private bool RespectsSymmetry(int[] order, int dayNumber)
    {
        for (var a = 0; a < order.Length; a++)
        {
            for (var b = a + 1; b < order.Length; b++)
            {
                int x = order[a], y = order[b];
                if (state.Remaining[x] == state.Remaining[y] && state.NothingAhead(x, dayNumber) && state.NothingAhead(y, dayNumber)
                    && (state.LastStart[x] > state.LastStart[y] || (state.LastStart[x] == state.LastStart[y] && x > y)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The earliest feasible block for <paramref name="order"/> on linac <paramref name="linac"/>, or the
    /// one starting at local <paramref name="minute"/>, or the one starting at slot <paramref name="at"/>.
    /// </summary>
    private Candidate? FindBlock(DayInfo day, int linac, int[] order, int minute, int at)
    {
        var ld = day.Linacs[linac];
        var size = order.Length + (day.KeptLinac >= 0 ? day.Kept.Count : 0);
        if (day.KeptLinac >= 0 && size < day.KeptLast - day.KeptFirst + 1)
        {
            return null;
        }

        int from = 0, to = ld.Count - size;
        if (day.KeptLinac >= 0)
        {
            // The block must contain the kept visit.
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

                return new Candidate(linac, [.. order], [.. slots], sum, ld.MinuteOfDay[j]);
            }
        }

        return null;
    }

    /// <summary>Slots j..j+size-1 run on without a break, are free (or kept) and keep 48 h from each lesion's last and next kept fraction.</summary>
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
            var last = state.LastStart[lesion];
            if (last != long.MinValue && start - last < Instance.GapTicks)
            {
                return false;
            }

            var next = state.KeptPassed[lesion];
            if (next < instance.KeptStarts[lesion].Length && instance.KeptStarts[lesion][next] - start < Instance.GapTicks)
            {
                return false;
            }

            slots[p++] = s;
        }

        return true;
    }

    /// <summary>Every lesion of <paramref name="a"/> starts no later than in <paramref name="b"/>.</summary>
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
}
