namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Necessary conditions for the rest of a span, each precomputed per date so a node checks them in
/// O(lesions): the 48 h chain each lesion still needs, the capacity of the dates left, and the visits
/// those two force. A node that fails one cannot lead to a plan within the run's visit budget.
/// </summary>
internal sealed class SearchBounds
{
    private readonly Instance instance;
    private readonly DayInfo[] days;
    private readonly int dailyCap;
    private readonly int firstDayNumber;

    /// <summary>Per calendar-day offset from the span's first date, the index of the first span date on or after it.</summary>
    private readonly int[] firstIndexAtOrAfter;

    /// <summary>Per lesion and day index, the longest chain of usable dates 2+ days apart from there on: fractions it can still get.</summary>
    private readonly int[][] chain;

    /// <summary>Per day index, the new fractions the dates from there on can take.</summary>
    private readonly int[] capacityFrom;

    /// <summary>Per day index, the new fractions the kept visits from there on can take: visits already counted.</summary>
    private readonly int[] keptCapacityFrom;

    /// <summary>Per day index, the dates from there on with kept fractions: each one visit whatever the walk does.</summary>
    private readonly int[] keptDaysFrom;

    public SearchBounds(Instance instance, DayInfo[] days)
    {
        this.instance = instance;
        this.days = days;
        dailyCap = instance.Cap;
        firstDayNumber = days[0].DayNumber;
        // Two days past the last date: the chain looks 2 days ahead of any date of the span.
        var calendarDays = days[^1].DayNumber - firstDayNumber + 3;
        firstIndexAtOrAfter = new int[calendarDays];
        for (int d = 0, i = 0; d < calendarDays; d++)
        {
            while (i < days.Length && days[i].DayNumber < firstDayNumber + d)
            {
                i++;
            }

            firstIndexAtOrAfter[d] = i;
        }

        chain = new int[instance.LesionCount][];
        for (var lesion = 0; lesion < chain.Length; lesion++)
        {
            chain[lesion] = BuildChain(lesion);
        }

        capacityFrom = new int[days.Length + 1];
        keptCapacityFrom = new int[days.Length + 1];
        keptDaysFrom = new int[days.Length + 1];
        for (var i = days.Length - 1; i >= 0; i--)
        {
            var kept = days[i].Kept.Count > 0;
            capacityFrom[i] = capacityFrom[i + 1] + days[i].NewCap;
            keptCapacityFrom[i] = keptCapacityFrom[i + 1] + (kept ? days[i].NewCap : 0);
            keptDaysFrom[i] = keptDaysFrom[i + 1] + (kept ? 1 : 0);
        }
    }

    /// <summary>Dates from day index <paramref name="dayIndex"/> on with kept fractions.</summary>
    public int KeptDaysFrom(int dayIndex) => keptDaysFrom[dayIndex];

    /// <summary>
    /// True when the <paramref name="total"/> new fractions left may still fit from day index
    /// <paramref name="dayIndex"/> on, with <paramref name="newVisits"/> new visits already made.
    /// </summary>
    public bool Allow(SearchState state, int dayIndex, int newVisits, int total)
    {
        if (total > capacityFrom[dayIndex])
        {
            return false;
        }

        var remaining = state.Remaining;
        var keptPassed = state.KeptPassed;
        var lastDay = state.LastDay;
        var maxRemaining = 0;
        var today = days[dayIndex].DayNumber;
        for (var lesion = 0; lesion < remaining.Length; lesion++)
        {
            var need = remaining[lesion] + instance.KeptDays[lesion].Length - keptPassed[lesion];
            if (need == 0)
            {
                continue;
            }

            maxRemaining = Math.Max(maxRemaining, remaining[lesion]);
            var from = lastDay[lesion] == SearchState.NoDay ? today : Math.Max(today, lastDay[lesion] + 2);
            if (chain[lesion][IndexAtOrAfter(from)] < need)
            {
                return false;
            }
        }

        // Kept visits take new fractions without a visit of their own; the rest need visits of at most the cap.
        var byCapacity = Math.Max(0, total - keptCapacityFrom[dayIndex]);
        var needVisits = Math.Max((byCapacity + dailyCap - 1) / dailyCap, maxRemaining - keptDaysFrom[dayIndex]);
        return newVisits + needVisits <= state.MaxNewVisits;
    }

    private int[] BuildChain(int lesion)
    {
        var keptDays = instance.KeptDays[lesion];
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
        var offset = dayNumber - firstDayNumber;
        return offset <= 0 ? 0 : offset >= firstIndexAtOrAfter.Length ? days.Length : firstIndexAtOrAfter[offset];
    }
}
