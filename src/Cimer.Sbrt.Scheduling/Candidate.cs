namespace Cimer.Sbrt.Scheduling;

/// <summary>One way to treat a subset of lesions on a date: the linac, the lesions in visit order and their slots.</summary>
internal sealed class Candidate(int linac, int[] lesions, int[] slots, long sum, int minute)
{
    public int Linac { get; } = linac;

    /// <summary>The lesions in the order they are treated in the visit.</summary>
    public int[] Lesions { get; } = lesions;

    /// <summary>The slot of each lesion of <see cref="Lesions"/>, on <see cref="Linac"/>.</summary>
    public int[] Slots { get; } = slots;

    /// <summary>Sum of the slots' offsets from the day's first slot (ticks): smaller is earlier in the day.</summary>
    public long Sum { get; } = sum;

    /// <summary>Local minute of the visit's first slot, for "same time of day" tie-breaks.</summary>
    public int Minute { get; } = minute;

    /// <summary>Previous fractions of this date the candidate does not keep in their slot (re-plans).</summary>
    public int Moved { get; set; }

    /// <summary>Start ticks indexed by lesion (0 for lesions not in the visit), for dominance between candidates.</summary>
    public long[] StartOf { get; set; } = [];

    /// <summary>The walk state this candidate overwrote when applied, restored when it is undone.</summary>
    public (int Anchor, int LastLinac, (long, int)[] Last) Saved { get; set; }
}
