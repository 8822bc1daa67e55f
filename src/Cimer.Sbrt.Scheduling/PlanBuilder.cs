using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Cimer.Sbrt.Scheduling;

/// <summary>Turns a search solution into the plan a physicist reads: fractions, window, milestones, why.</summary>
internal static class PlanBuilder
{
    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public static Plan WithoutRadiotherapy(PlanRequest request)
    {
        var d1 = request.Patient.DayOne;
        var (start, end) = Windows.Nominal(d1);
        return new Plan(
            d1,
            new PlanWindow(start, end, 0, 0, []),
            [],
            Milestones.For(request),
            new PlanSummary(0, 0, 0),
            ["Arm 1: letrozole from day 1 and palbociclib from day 21; no radiotherapy to schedule."]);
    }

    public static Plan Build(Solution solution)
    {
        var request = solution.Instance.Request;
        var fractions = Fractions(solution);
        var d1 = request.Patient.DayOne;
        var (w0Start, w0End) = Windows.Nominal(d1);
        var firstDate = fractions[0].Start.Date;
        var lastDate = fractions[^1].Start.Date;
        var before = Math.Max(0, Period.DaysBetween(firstDate, w0Start));
        var after = Math.Max(0, Period.DaysBetween(w0End, lastDate));
        var window = solution.Window;
        // The window is the allowed one (W0, or widened around a closure); a re-plan that runs past it
        // says so in its protocol deviation instead.
        var widened = window.PastWindow == 0 ? window.Deviation > 0 : solution.W0Closures.Count > 0;
        var (windowStart, windowEnd) = widened ? (d1.PlusDays(-Windows.Tolerance), w0End.PlusDays(Windows.Tolerance)) : (w0Start, w0End);
        var visits = fractions.Select(f => f.Start.Date).Distinct().Count();
        ProtocolDeviation? deviation = null;
        if (window.PastWindow > 0)
        {
            var allowedEnd = window.End.PlusDays(-window.PastWindow);
            deviation = new ProtocolDeviation(Period.DaysBetween(allowedEnd, lastDate), solution.ForcedCauses);
        }

        return new Plan(
            d1,
            new PlanWindow(windowStart, windowEnd, before, after, solution.W0Closures),
            fractions,
            Milestones.For(request),
            new PlanSummary(Period.DaysBetween(firstDate, lastDate) + 1, visits, fractions.Count * PlannedFraction.FractionDoseGy),
            Explain(solution, fractions, before + after, visits))
        {
            ProtocolDeviation = deviation,
            UnforcedMoves = solution.Moves,
        };
    }

    private static List<PlannedFraction> Fractions(Solution solution)
    {
        var instance = solution.Instance;
        var request = instance.Request;
        var zone = instance.Zone;
        var all = new List<(int Lesion, string Linac, Instant Start, Instant End, FractionOrigin Origin, string? Id)>();
        var lesionIndex = request.Patient.Lesions.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        foreach (var k in request.Kept)
        {
            all.Add((lesionIndex[k.LesionId], k.LinacId, k.Start, k.End, k.Reason == KeptReason.Delivered ? FractionOrigin.Delivered : FractionOrigin.Pinned, k.FractionId));
        }

        foreach (var p in solution.Placements)
        {
            var ld = instance.DayAt(p.DayNumber)!.Linacs[p.Linac];
            all.Add((p.Lesion, request.Linacs[p.Linac].Id, Instant.FromUnixTimeTicks(ld.Start[p.Slot]), Instant.FromUnixTimeTicks(ld.End[p.Slot]), FractionOrigin.Planned, null));
        }

        var ids = PreviousIds(request, all.Where(a => a.Origin == FractionOrigin.Planned).Select(a => (a.Lesion, a.Linac, a.Start)).ToList(), lesionIndex);
        var result = new List<PlannedFraction>(all.Count);
        foreach (var group in all.GroupBy(a => a.Lesion))
        {
            var number = 1;
            foreach (var a in group.OrderBy(a => a.Start))
            {
                result.Add(new PlannedFraction(request.Patient.Lesions[a.Lesion].Id, number++, a.Linac, a.Start.InZone(zone), a.End.InZone(zone), a.Origin)
                {
                    FractionId = a.Origin == FractionOrigin.Planned ? ids.GetValueOrDefault((a.Lesion, a.Start)) : a.Id,
                });
            }
        }

        return [.. result.OrderBy(f => f.Start.ToInstant()).ThenBy(f => f.LinacId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Carries the previous version's fraction ids over to the new fractions of the same lesion:
    /// one that stayed in its slot keeps its id, the others take the rest in time order.
    /// </summary>
    private static Dictionary<(int, Instant), string?> PreviousIds(PlanRequest request, List<(int Lesion, string Linac, Instant Start)> planned, Dictionary<string, int> lesionIndex)
    {
        var result = new Dictionary<(int, Instant), string?>();
        var previous = request.Previous
            .Where(f => f.Origin == FractionOrigin.Planned && f.FractionId is not null && lesionIndex.ContainsKey(f.LesionId))
            .GroupBy(f => lesionIndex[f.LesionId])
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f.Start.ToInstant()).ToList());
        foreach (var lesion in planned.GroupBy(p => p.Lesion))
        {
            if (!previous.TryGetValue(lesion.Key, out var pool))
            {
                continue;
            }

            var rest = new List<(int Lesion, string Linac, Instant Start)>();
            foreach (var p in lesion.OrderBy(p => p.Start))
            {
                var same = pool.FirstOrDefault(f => f.Start.ToInstant() == p.Start && f.LinacId == p.Linac);
                if (same is null)
                {
                    rest.Add(p);
                    continue;
                }

                result[(p.Lesion, p.Start)] = same.FractionId;
                pool.Remove(same);
            }

            foreach (var (p, f) in rest.Zip(pool))
            {
                result[(p.Lesion, p.Start)] = f.FractionId;
            }
        }

        return result;
    }

    private static List<string> Explain(Solution solution, List<PlannedFraction> fractions, int deviation, int visits)
    {
        var request = solution.Instance.Request;
        var d1 = request.Patient.DayOne;
        var lines = new List<string>();
        var window = solution.Window;
        var first = fractions[0].Start.Date;
        var last = fractions[^1].Start.Date;
        var span = Period.DaysBetween(first, last) + 1;
        if (window.Deviation - window.PastWindow == 0 && window.PastWindow == 0)
        {
            lines.Add($"Window: days 1-12 ({Date.Format(d1)} to {Date.Format(d1.PlusDays(11))}), no deviation.");
        }
        else if (window.PastWindow == 0)
        {
            var causes = string.Join("; ", solution.W0Closures.Select(c => $"{Date.Format(c.Date)} {c.Reason}"));
            lines.Add($"Window widened by {deviation} day(s) ({Date.Format(window.Start)} to {Date.Format(window.End)}): no plan fits days 1-12 around its closures ({causes}), as the +/-2 day tolerance allows.");
        }
        else
        {
            var causes = string.Join("; ", solution.ForcedCauses.Select(c => $"{c.Kind} {Date.Format(c.Date)}"));
            lines.Add($"Protocol deviation: the plan runs {Period.DaysBetween(window.End.PlusDays(-window.PastWindow), last)} day(s) past its window ending {Date.Format(window.End.PlusDays(-window.PastWindow))}; no plan fits inside it ({(causes.Length > 0 ? causes : "the fractions left do not fit")}).");
        }

        if (request.Previous.Any(f => f.Origin == FractionOrigin.Planned))
        {
            lines.Add(solution.Moves == 0
                ? "Re-plan: every fraction that did not have to move stayed in its slot."
                : $"Re-plan: {solution.Moves} fraction(s) moved that did not have to; no valid plan moves fewer.");
        }

        var total = request.Patient.Lesions.Count * RequestChecks.FractionsPerLesion;
        var lowerBound = Math.Max(RequestChecks.FractionsPerLesion, (total + request.MaxFractionsPerDay - 1) / request.MaxFractionsPerDay);
        lines.Add($"Span {span} days ({Date.Format(first)} to {Date.Format(last)}): no valid plan on this calendar is shorter.");
        lines.Add($"{visits} visits: the fewest any {span}-day plan needs here ({total} fractions at most {request.MaxFractionsPerDay} a day, each lesion once a day, need at least {lowerBound}).");
        lines.Add(GapLine(request, fractions));
        var kept = fractions.Count(f => f.Origin != FractionOrigin.Planned);
        if (kept > 0)
        {
            lines.Add($"{fractions.Count(f => f.Origin == FractionOrigin.Delivered)} delivered and {fractions.Count(f => f.Origin == FractionOrigin.Pinned)} pinned fraction(s) kept as they are; the rest planned around them.");
        }

        lines.Add(request.Previous.Count > 0
            ? "Tie-breaks: earliest first fraction, then fractions kept in their previous slots where possible, then the same time of day at every visit, then earlier slots."
            : "Tie-breaks: earliest first fraction, then the same time of day at every visit where the linac is free, then earlier slots.");
        var milestones = Milestones.For(request);
        var simulation = milestones.FirstOrDefault(m => m.Kind == MilestoneKind.Simulation);
        var palbociclib = milestones.First(m => m.Kind == MilestoneKind.PalbociclibStart).Date;
        lines.Add((simulation is null ? string.Empty : $"CT simulation {Date.Format(simulation.Date)}, the earliest open day of the week before day 1; ")
            + $"palbociclib from {Date.Format(palbociclib)} (day 21), {Period.DaysBetween(last, palbociclib)} day(s) after the last fraction.");
        if (fractions.Select(f => f.Start.Offset).Distinct().Count() > 1)
        {
            lines.Add("The plan crosses a daylight-saving change: 48 h gaps are elapsed time, so clock times shift where needed.");
        }

        return lines;
    }

    private static string GapLine(PlanRequest request, List<PlannedFraction> fractions)
    {
        var shortest = Duration.MaxValue;
        string? where = null;
        foreach (var lesion in fractions.GroupBy(f => f.LesionId))
        {
            var ordered = lesion.OrderBy(f => f.Start.ToInstant()).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var gap = ordered[i].Start.ToInstant() - ordered[i - 1].Start.ToInstant();
                if (gap < shortest)
                {
                    shortest = gap;
                    var label = request.Patient.Lesions.First(l => l.Id == lesion.Key).Label;
                    where = $"{label}, fractions {ordered[i - 1].Number}-{ordered[i].Number}";
                }
            }
        }

        var hours = (long)shortest.TotalHours;
        var minutes = shortest.Minutes;
        return $"Every lesion's fractions are at least 48 h apart in elapsed time; the shortest gap is {hours.ToString(CultureInfo.InvariantCulture)} h {minutes.ToString("00", CultureInfo.InvariantCulture)} min ({where}). Lesions alternate day by day.";
    }

    internal static string FormatTime(LocalTime time) => Time.Format(time);
}
