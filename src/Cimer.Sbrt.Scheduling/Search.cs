namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Depth-first search over the dates of one candidate span [first, last], chronologically.
/// At each date it chooses which lesions to treat (<see cref="LesionSubsets"/>), their order in the
/// visit and the block of consecutive slots (<see cref="CandidateBlocks"/>), or skips the date.
/// <see cref="SearchBounds"/> prune what cannot fit the visit budget; <see cref="FailureMemo"/>
/// skips states already proven to fail. All mutable walk state lives in <see cref="SearchState"/>.
/// </summary>
internal sealed class Search
{
    private readonly Instance instance;
    private readonly DayInfo[] days;

    /// <summary>When true the span's first date must hold a fraction (else the span would be shorter); false for whole-window searches.</summary>
    private readonly bool firstDayFixed;
    private readonly StayerIndex stayers;
    private readonly SearchState state;
    private readonly SearchBounds bounds;
    private readonly FailureMemo memo;
    private readonly LesionSubsets subsets;
    private readonly CandidateBlocks blocks;

    /// <summary>Preferred-time distance of the kept visits from day index i on, reached by a walk that ends before them.</summary>
    private readonly int[] keptDistanceFrom;

    public Search(Instance instance, DayInfo[] days, IReadOnlyDictionary<int, (int Linac, int Minute)> preferred, IReadOnlyList<Stayer>? stayers = null, bool firstDayFixed = true)
    {
        this.instance = instance;
        this.days = days;
        this.firstDayFixed = firstDayFixed;
        this.stayers = new StayerIndex(days, stayers, instance.LesionCount);
        state = new SearchState(instance, days, this.stayers);
        bounds = new SearchBounds(instance, days);
        memo = new FailureMemo(instance, days, this.stayers);
        subsets = new LesionSubsets(state);
        blocks = new CandidateBlocks(instance, state, this.stayers, preferred);
        keptDistanceFrom = new int[days.Length + 1];
        for (var i = days.Length - 1; i >= 0; i--)
        {
            keptDistanceFrom[i] = keptDistanceFrom[i + 1] + (days[i].Kept.Count > 0 ? instance.DistanceOf(days[i].KeptMinute) : 0);
        }
    }

    /// <summary>Previous fractions that could have stayed but fall outside these dates: moved whatever the search does.</summary>
    public int StayersOutside => stayers.Outside;

    /// <summary>Unforced moves of the solution (previous fractions not kept in their slot).</summary>
    public int SolutionMoves { get; private set; }

    /// <summary>Search nodes visited, for benchmarks and tests of pruning.</summary>
    public long Nodes { get; private set; }

    /// <summary>The new fractions of the plan found by the last successful <see cref="Run"/>.</summary>
    public Placement[] Solution { get; private set; } = [];

    /// <summary>Visits of the solution: dates with new fractions plus dates with kept ones.</summary>
    public int SolutionVisits { get; private set; }

    /// <summary>Preferred-time distance of the solution (0 when the patient gives no preferred time).</summary>
    public int SolutionDistance { get; private set; }

    /// <summary>
    /// Finds a plan on these dates with at most <paramref name="maxVisits"/> visits in all, <paramref name="maxMoves"/>
    /// unforced moves and a preferred-time distance of at most <paramref name="maxDistance"/> minutes.
    /// </summary>
    public bool Run(int maxVisits, int maxMoves = int.MaxValue, int maxDistance = int.MaxValue)
    {
        var maxNewVisits = maxVisits - bounds.KeptDaysFrom(0);
        var maxMovesInSpan = maxMoves == int.MaxValue ? int.MaxValue : maxMoves - StayersOutside;
        if (maxNewVisits < 0 || maxMovesInSpan < 0)
        {
            return false;
        }

        state.Reset(maxNewVisits, maxMovesInSpan, maxDistance);
        if (!Dfs(0, 0))
        {
            return false;
        }

        Solution = [.. state.Path.Where(p => p.Lesion >= 0)];
        SolutionMoves = state.MovesAtGoal + StayersOutside;
        SolutionDistance = state.DistanceAtGoal;
        SolutionVisits = bounds.KeptDaysFrom(0) + Solution.Select(p => p.DayNumber).Distinct().Count(d => instance.DayAt(d)!.Kept.Count == 0);
        return true;
    }

    private bool Dfs(int dayIndex, int newVisits)
    {
        Nodes++;
        var total = state.TotalRemaining();
        if (total == 0)
        {
            // Kept fractions still ahead were checked against the new ones as those were placed;
            // previous fractions still ahead have nothing left to stay for: they moved.
            state.MovesAtGoal = state.Moves + stayers.FromDay[dayIndex];
            state.DistanceAtGoal = state.Distance + keptDistanceFrom[dayIndex];
            return state.MovesAtGoal <= state.MaxMoves && state.DistanceAtGoal <= state.MaxDistance;
        }

        if (dayIndex == days.Length || !bounds.Allow(state, dayIndex, newVisits, total))
        {
            return false;
        }

        var key = memo.Key(state, dayIndex);
        var budget = state.MaxNewVisits - newVisits;
        var distanceLeft = state.MaxDistance == int.MaxValue ? int.MaxValue : state.MaxDistance - state.Distance;
        if (key is { } known && memo.KnownToFail(known, budget, distanceLeft))
        {
            return false;
        }

        var day = days[dayIndex];
        var keptToday = day.Kept.Count > 0;
        var linacBefore = state.LastLinac;
        if ((!keptToday || state.ApplyKept(day)) && TryDay(dayIndex, day, newVisits, keptToday))
        {
            // The path now holds the solution; the next Run resets the state.
            return true;
        }

        if (keptToday)
        {
            state.UndoKept(day, linacBefore);
        }

        if (key is { } failedKey)
        {
            memo.RecordFailure(failedKey, budget, distanceLeft);
        }

        return false;
    }

    /// <summary>Tries every visit on this date that may lead to a plan, then skipping the date.</summary>
    private bool TryDay(int dayIndex, DayInfo day, int newVisits, bool keptToday)
    {
        Span<int> eligible = stackalloc int[instance.LesionCount];
        var count = 0;
        for (var lesion = 0; lesion < eligible.Length; lesion++)
        {
            if (state.IsEligible(lesion, day))
            {
                eligible[count++] = lesion;
            }
        }

        var room = Math.Min(day.NewCap, count);
        var visitsAfter = newVisits + (keptToday ? 0 : 1);
        if (room > 0 && visitsAfter <= state.MaxNewVisits)
        {
            foreach (var subset in subsets.Of(eligible[..count], room, day.DayNumber))
            {
                foreach (var candidate in blocks.For(dayIndex, day, subset))
                {
                    var distance = instance.DistanceOf(candidate.Minute);
                    if (state.Moves + candidate.Moved > state.MaxMoves || state.Distance + distance > state.MaxDistance)
                    {
                        continue;
                    }

                    state.Moves += candidate.Moved;
                    state.Distance += distance;
                    state.Apply(day, candidate);
                    if (Dfs(dayIndex + 1, visitsAfter))
                    {
                        return true;
                    }

                    state.Undo();
                    state.Moves -= candidate.Moved;
                    state.Distance -= distance;
                }
            }
        }

        var movedBySkipping = stayers.OnDay[dayIndex].Length;
        // The first date of the span must hold a fraction, else the span would be shorter.
        // A kept visit with holes must have them filled, or it would not be consecutive.
        if ((dayIndex == 0 && !keptToday && firstDayFixed) || day.KeptGaps > 0 || state.Moves + movedBySkipping > state.MaxMoves)
        {
            return false;
        }

        // A kept visit left as it is still starts at its kept time: its distance counts.
        var keptDistance = keptToday ? instance.DistanceOf(day.KeptMinute) : 0;
        if (state.Distance + keptDistance > state.MaxDistance)
        {
            return false;
        }

        state.Moves += movedBySkipping;
        state.Distance += keptDistance;
        var skipped = Dfs(dayIndex + 1, newVisits);
        state.Moves -= movedBySkipping;
        state.Distance -= keptDistance;
        return skipped;
    }
}
