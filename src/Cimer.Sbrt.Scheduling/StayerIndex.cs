namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Re-plans: the previous fractions that may stay, by date of the span. Each one the walk does not
/// keep in its slot is a move (R5 "best" 2); one on a date outside the span moves whatever the walk does.
/// </summary>
internal sealed class StayerIndex
{
    public StayerIndex(DayInfo[] days, IReadOnlyList<Stayer>? stayers, int lesionCount)
    {
        var all = stayers ?? [];
        OnDay = new Stayer[days.Length][];
        LastDayOf = new int[lesionCount];
        Array.Fill(LastDayOf, SearchState.NoDay);
        for (var i = 0; i < days.Length; i++)
        {
            OnDay[i] = [.. all.Where(x => x.DayNumber == days[i].DayNumber)];
            foreach (var x in OnDay[i])
            {
                LastDayOf[x.Lesion] = Math.Max(LastDayOf[x.Lesion], x.DayNumber);
            }
        }

        Outside = all.Count(x => !days.Any(d => d.DayNumber == x.DayNumber));
        FromDay = new int[days.Length + 1];
        for (var i = days.Length - 1; i >= 0; i--)
        {
            FromDay[i] = FromDay[i + 1] + OnDay[i].Length;
        }
    }

    /// <summary>Stayers by day index of the span.</summary>
    public Stayer[][] OnDay { get; }

    /// <summary>Per lesion, the day number of its last stayer in the span, or <see cref="SearchState.NoDay"/>.</summary>
    public int[] LastDayOf { get; }

    /// <summary>Stayers on day index i and after: moved when the walk ends before them.</summary>
    public int[] FromDay { get; }

    /// <summary>Previous fractions that could have stayed but fall outside these dates: moved whatever the search does.</summary>
    public int Outside { get; }
}
