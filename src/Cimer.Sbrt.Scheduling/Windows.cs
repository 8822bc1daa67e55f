using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>A range of dates the solver may use, with its cost in the order of "best".</summary>
/// <param name="Start">First usable date.</param>
/// <param name="End">Last usable date.</param>
/// <param name="PastWindow">Days beyond the allowed window's end (re-plans only, R5).</param>
/// <param name="Deviation">Days outside W0 this range allows (rule 3).</param>
internal sealed record WindowOption(LocalDate Start, LocalDate End, int PastWindow, int Deviation);

/// <summary>Rule 3 and R5 as a list of date ranges to try, cheapest first.</summary>
internal static class Windows
{
    public const int NominalDays = 12, Tolerance = 2, LastFractionDay = 19;

    /// <summary>W0 = D1..D1+11.</summary>
    public static (LocalDate Start, LocalDate End) Nominal(LocalDate dayOne) => (dayOne, dayOne.PlusDays(NominalDays - 1));

    /// <summary>
    /// Closures that count for the +/-2 day tolerance: center closures on days the center would be
    /// open, and full-day downtime of a linac on an open day, inside W0.
    /// </summary>
    public static IReadOnlyList<Closure> ClosuresIn(PlanRequest request, LocalDate start, LocalDate end, SlotGridCache grids)
    {
        var center = request.Center;
        var result = new List<Closure>();
        for (var date = start; date <= end; date = date.PlusDays(1))
        {
            if (!center.IsRegularOpenDay(date))
            {
                continue;
            }

            if (center.ClosureOn(date) is { } closure)
            {
                result.Add(closure);
                continue;
            }

            foreach (var linac in request.Linacs)
            {
                if (grids.On(linac, date, center.Zone, openings: false).IsDownAllDay(linac))
                {
                    var reason = linac.Downtimes.First(d => d.Start.Date <= date && d.End.Date >= date).Reason;
                    result.Add(new Closure(date, $"{linac.Name} down all day: {reason}"));
                }
            }
        }

        return result;
    }

    /// <summary>Groups of equally costly ranges, in the order the solver must try them.</summary>
    public static IEnumerable<WindowOption[]> Options(PlanRequest request, bool mayWiden)
    {
        var d1 = request.Patient.DayOne;
        var (w0Start, w0End) = Nominal(d1);
        yield return [new WindowOption(w0Start, w0End, 0, 0)];
        if (mayWiden)
        {
            for (var deviation = 1; deviation <= 2 * Tolerance; deviation++)
            {
                yield return [.. Splits(deviation).Select(s => new WindowOption(d1.PlusDays(-s.Before), w0End.PlusDays(s.After), 0, deviation))];
            }
        }

        if (!request.AllowProtocolDeviation)
        {
            yield break;
        }

        var before = mayWiden ? Tolerance : 0;
        var allowedEnd = w0End.PlusDays(mayWiden ? Tolerance : 0);
        var lastAllowed = d1.PlusDays(LastFractionDay);
        // Days past the window first, then window-deviation days: with the end fixed, each day taken
        // before D1 is one more deviation day, so each start is a group of its own.
        var afterW0 = mayWiden ? Tolerance : 0;
        for (var past = 1; allowedEnd.PlusDays(past) <= lastAllowed; past++)
        {
            for (var b = 0; b <= before; b++)
            {
                yield return [new WindowOption(d1.PlusDays(-b), allowedEnd.PlusDays(past), past, b + afterW0 + past)];
            }
        }
    }

    private static IEnumerable<(int Before, int After)> Splits(int deviation)
    {
        for (var before = 0; before <= Tolerance; before++)
        {
            var after = deviation - before;
            if (after >= 0 && after <= Tolerance)
            {
                yield return (before, after);
            }
        }
    }
}
