namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Where the walk stands: per lesion what is left and when it was last treated, the path of
/// placements so far, the run's budgets and the figures the tie-breaks follow. Every change made
/// going down a branch is undone coming back up, so one state serves the whole walk.
/// </summary>
internal sealed class SearchState
{
    /// <summary>No date yet: the lesion has not been treated in this span.</summary>
    public const int NoDay = int.MinValue;

    private readonly Instance instance;
    private readonly StayerIndex stayers;
    private readonly int initialAnchor;

    /// <summary>Candidates applied on the path, to restore what each overwrote.</summary>
    private readonly Stack<Candidate> applied = new();

    public SearchState(Instance instance, DayInfo[] days, StayerIndex stayers)
    {
        this.instance = instance;
        this.stayers = stayers;
        var lesionCount = instance.LesionCount;
        Remaining = new int[lesionCount];
        LastStart = new long[lesionCount];
        LastDay = new int[lesionCount];
        KeptPassed = new int[lesionCount];
        // A kept visit sets the time of day the others follow; the earliest one counts.
        initialAnchor = days.SelectMany(d => d.Kept.Where(k => k.Linac >= 0 && k.Slot >= 0).Select(k => (k.Start, Minute: d.Linacs[k.Linac].MinuteOfDay[k.Slot])))
            .OrderBy(k => k.Start).Select(k => k.Minute).DefaultIfEmpty(-1).First();
    }

    /// <summary>New fractions each lesion still needs.</summary>
    public int[] Remaining { get; }

    /// <summary>Start ticks of each lesion's last fraction on the path (kept or new); long.MinValue when none.</summary>
    public long[] LastStart { get; }

    /// <summary>Day number of each lesion's last fraction on the path, or <see cref="NoDay"/>.</summary>
    public int[] LastDay { get; }

    /// <summary>Per lesion, how many of its kept fractions lie on or before the current date: the index of the next one ahead.</summary>
    public int[] KeptPassed { get; }

    /// <summary>
    /// New fractions on the path, in order. A kept fraction pushes the lesion's state before it
    /// (lesion complemented, never a solution entry) so that leaving its date restores it.
    /// </summary>
    public List<Placement> Path { get; } = [];

    /// <summary>Local minute of the first visit (or kept visit): later visits prefer the same time of day.</summary>
    public int AnchorMinute { get; private set; }

    /// <summary>Linac of the latest visit: staying on it is a tie-break.</summary>
    public int LastLinac { get; set; }

    /// <summary>Unforced moves of previous fractions on the path (re-plans).</summary>
    public int Moves { get; set; }

    /// <summary>The run's most new visits (visits on dates with kept fractions are counted apart).</summary>
    public int MaxNewVisits { get; private set; }

    /// <summary>The run's most unforced moves inside the span; int.MaxValue when unbounded.</summary>
    public int MaxMoves { get; private set; }

    /// <summary>Preferred-time distance of the visits on the path (minutes).</summary>
    public int Distance { get; set; }

    /// <summary>The run's largest preferred-time distance; int.MaxValue when unbounded.</summary>
    public int MaxDistance { get; private set; } = int.MaxValue;

    /// <summary>Unforced moves of the plan the walk reached, stayers of later dates included.</summary>
    public int MovesAtGoal { get; set; }

    /// <summary>Preferred-time distance of the plan the walk reached, kept visits of later dates included.</summary>
    public int DistanceAtGoal { get; set; }

    /// <summary>Back to the state before the first date with this run's budgets: a search may run several times with tighter ones.</summary>
    public void Reset(int maxNewVisits, int maxMoves, int maxDistance = int.MaxValue)
    {
        MaxNewVisits = maxNewVisits;
        MaxMoves = maxMoves;
        MaxDistance = maxDistance;
        Distance = 0;
        Array.Copy(instance.Remaining, Remaining, Remaining.Length);
        Array.Fill(LastStart, long.MinValue);
        Array.Fill(LastDay, NoDay);
        Array.Clear(KeptPassed);
        Path.Clear();
        applied.Clear();
        Moves = 0;
        AnchorMinute = initialAnchor;
        LastLinac = -1;
    }

    public int TotalRemaining()
    {
        var total = 0;
        foreach (var count in Remaining)
        {
            total += count;
        }

        return total;
    }

    /// <summary>The lesion needs a fraction, its last one is 2+ days back and its next kept one 2+ days ahead.</summary>
    public bool IsEligible(int lesion, DayInfo day)
    {
        if (Remaining[lesion] == 0 || (LastDay[lesion] != NoDay && day.DayNumber < LastDay[lesion] + 2))
        {
            return false;
        }

        var next = KeptPassed[lesion];
        return next >= instance.KeptDays[lesion].Length || instance.KeptDays[lesion][next] >= day.DayNumber + 2;
    }

    /// <summary>No kept fraction and no previous slot to keep lies ahead of <paramref name="dayNumber"/>: the lesion's future is like any other's.</summary>
    public bool NothingAhead(int lesion, int dayNumber) =>
        KeptPassed[lesion] >= instance.KeptDays[lesion].Length && stayers.LastDayOf[lesion] < dayNumber && !instance.MixedGroups;

    /// <summary>Lesions with the same count left and last start and nothing ahead: either may be taken first.</summary>
    public bool Interchangeable(int a, int b, int dayNumber) =>
        Remaining[a] == Remaining[b] && LastStart[a] == LastStart[b] && NothingAhead(a, dayNumber) && NothingAhead(b, dayNumber);

    /// <summary>Passes the kept fractions of <paramref name="day"/>; false when one comes less than 48 h after the path's last.</summary>
    public bool ApplyKept(DayInfo day)
    {
        var ok = true;
        foreach (var k in day.Kept)
        {
            if (LastStart[k.Lesion] != long.MinValue && k.Start - LastStart[k.Lesion] < Instance.GapTicks)
            {
                ok = false;
            }

            Path.Add(new Placement(~k.Lesion, LastDay[k.Lesion], -1, -1, LastStart[k.Lesion]));
            LastStart[k.Lesion] = k.Start;
            LastDay[k.Lesion] = day.DayNumber;
            KeptPassed[k.Lesion]++;
            if (k.Linac >= 0)
            {
                LastLinac = k.Linac;
            }
        }

        return ok;
    }

    public void UndoKept(DayInfo day, int linacBefore)
    {
        for (var c = 0; c < day.Kept.Count; c++)
        {
            var saved = Path[^1];
            Path.RemoveAt(Path.Count - 1);
            var lesion = ~saved.Lesion;
            LastStart[lesion] = saved.Start;
            LastDay[lesion] = saved.DayNumber;
            KeptPassed[lesion]--;
        }

        LastLinac = linacBefore;
    }

    public void Apply(DayInfo day, Candidate candidate)
    {
        var saved = new (long, int)[candidate.Lesions.Length];
        for (var p = 0; p < saved.Length; p++)
        {
            saved[p] = (LastStart[candidate.Lesions[p]], LastDay[candidate.Lesions[p]]);
        }

        candidate.Saved = (AnchorMinute, LastLinac, saved);
        applied.Push(candidate);
        if (AnchorMinute < 0)
        {
            AnchorMinute = candidate.Minute;
        }

        for (var p = 0; p < candidate.Lesions.Length; p++)
        {
            var lesion = candidate.Lesions[p];
            var slot = candidate.Slots[p];
            var start = day.Linacs[candidate.Linac].Start[slot];
            Path.Add(new Placement(lesion, day.DayNumber, candidate.Linac, slot, start));
            Remaining[lesion]--;
            LastStart[lesion] = start;
            LastDay[lesion] = day.DayNumber;
        }

        LastLinac = candidate.Linac;
    }

    /// <summary>Takes back the last candidate applied.</summary>
    public void Undo()
    {
        var candidate = applied.Pop();
        var count = candidate.Lesions.Length;
        Path.RemoveRange(Path.Count - count, count);
        (AnchorMinute, LastLinac, var saved) = candidate.Saved;
        for (var p = 0; p < count; p++)
        {
            var lesion = candidate.Lesions[p];
            Remaining[lesion]++;
            (LastStart[lesion], LastDay[lesion]) = saved[p];
        }
    }
}
