using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>The solver: one patient's best plan on the center's calendar, or why there is none.</summary>
public static class Scheduler
{
    /// <summary>
    /// Plans every fraction not yet kept so that all hard rules hold and the plan is optimal for
    /// window deviation, then span, then visits. Pure: same request, same answer.
    /// </summary>
    /// <exception cref="ArgumentException">The request is malformed (see <see cref="RequestChecks"/>).</exception>
    public static PlanOutcome Plan(PlanRequest request) => Plan(request, new SlotGridCache());

    /// <summary>
    /// <see cref="Plan(PlanRequest)"/> with slot grids from <paramref name="grids"/>: pass one cache to
    /// every call of a batch (a bulk re-plan) so each linac's day is cut into slots once.
    /// </summary>
    /// <exception cref="ArgumentException">The request is malformed (see <see cref="RequestChecks"/>).</exception>
    public static PlanOutcome Plan(PlanRequest request, SlotGridCache grids)
    {
        ArgumentNullException.ThrowIfNull(grids);
        RequestChecks.ThrowIfInvalid(request);
        if (request.Patient.Arm == 1)
        {
            return PlanOutcome.Feasible(PlanBuilder.WithoutRadiotherapy(request));
        }

        var found = Solve(request, grids);
        return found is not null
            ? PlanOutcome.Feasible(PlanBuilder.Build(found))
            : PlanOutcome.Infeasible(Diagnosis.Explain(request, grids: grids));
    }

    /// <summary>The best solution, or null when none exists. No explanations, no suggestions.</summary>
    /// <remarks>
    /// Under the beam-group rule (some linac names a group) a first plan is solved once per group
    /// (or only in <see cref="PlanRequest.BeamGroup"/>) on that group's linacs, and the best by
    /// "best" wins, the earlier group on a tie; a re-plan keeps each lesion on its group's linacs.
    /// <paramref name="ignoreGroups"/> lifts the rule, for the diagnosis that proves another machine would do.
    /// </remarks>
    internal static Solution? Solve(PlanRequest request, SlotGridCache? grids = null, bool ignoreGroups = false)
    {
        grids ??= new SlotGridCache();
        if (ignoreGroups || !BeamGroups.InUse(request))
        {
            return SolveCore(request, grids, null, null);
        }

        if (BeamGroups.Allowed(request) is { } allowed)
        {
            return SolveCore(request, grids, allowed, null);
        }

        // A first plan: the widening is decided by the closures of the whole center, whichever group plans.
        var d1 = request.Patient.DayOne;
        var (w0Start, w0End) = Windows.Nominal(d1);
        var closures = Windows.ClosuresIn(request, w0Start, w0End, grids);
        Solution? best = null;
        foreach (var group in request.BeamGroup is { } only ? [only] : BeamGroups.All(request))
        {
            var linacs = request.Linacs.Where(l => string.Equals(l.Group, group, StringComparison.Ordinal)).ToList();
            if (linacs.Count > 0 && SolveCore(request with { Linacs = linacs }, grids, null, closures) is { } found
                && (best is null || found.Ranks(best) < 0))
            {
                best = found;
            }
        }

        return best;
    }

    private static Solution? SolveCore(PlanRequest request, SlotGridCache grids, bool[][]? allowed, IReadOnlyList<Closure>? centerClosures)
    {
        if (request.Linacs.Count == 0 || Diagnosis.KeptConflicts(request).Count > 0)
        {
            return null;
        }

        var d1 = request.Patient.DayOne;
        var simulation = Milestones.SimulationDay(request);
        if (simulation is null && !request.Kept.Any(k => k.Reason == KeptReason.Delivered))
        {
            return null;
        }

        var (first, last) = BookableDays.For(d1);
        var instance = Instance.Build(request, first, last, grids);
        if (instance.KeptOnDays.Any(d => d.Broken))
        {
            return null;
        }

        if (allowed is not null)
        {
            instance.LinacAllowed = allowed;
            instance.MixedGroups = BeamGroups.Mixed(allowed);
        }

        var (w0Start, w0End) = Windows.Nominal(d1);
        var w0Closures = centerClosures ?? Windows.ClosuresIn(request, w0Start, w0End, grids);
        var preferred = PreferredBlocks(instance);
        var (stayers, forcedCauses) = ReplanStayers.Stayers(instance);
        var replan = request.Previous.Any(f => f.Origin == FractionOrigin.Planned);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in Windows.Options(request, w0Closures.Count > 0))
        {
            Solution? best;
            if (!replan)
            {
                best = SolveGroup(instance, group, simulation, preferred, stayers, int.MaxValue, failed);
            }
            else
            {
                // Fewest unforced moves first (R5 "best" 2): find the least budget that any window of the
                // group can meet (feasibility is monotone in it), then optimise span and visits within it.
                var upper = FewestMovesWithin(instance, group, simulation, stayers, int.MaxValue);
                if (upper is null)
                {
                    continue;
                }

                var (low, high) = (0, upper.Value);
                while (low < high)
                {
                    var mid = (low + high) / 2;
                    if (FewestMovesWithin(instance, group, simulation, stayers, mid) is { } found)
                    {
                        high = found;
                    }
                    else
                    {
                        low = mid + 1;
                    }
                }

                best = SolveGroup(instance, group, simulation, preferred, stayers, low, failed);
            }

            if (best is not null)
            {
                return best with { W0Closures = w0Closures, ForcedCauses = [.. forcedCauses.Union(AbsenceCauses(request, best, grids))] };
            }
        }

        return null;
    }

    /// <summary>
    /// The absences that push a plan past its window: those inside the allowed window when, without
    /// them, a plan runs fewer days past it. Solved only for plans that run past their window.
    /// </summary>
    private static IEnumerable<DeviationCause> AbsenceCauses(PlanRequest request, Solution best, SlotGridCache grids)
    {
        if (best.Window.PastWindow == 0 || request.Patient.Absences.Count == 0)
        {
            return [];
        }

        var inWindow = Availability.In(request.Patient, best.Window.Start, best.Window.End.PlusDays(-best.Window.PastWindow));
        if (inWindow.Count == 0)
        {
            return [];
        }

        var without = request with { Patient = request.Patient with { Absences = [.. request.Patient.Absences.Except(inWindow)] } };
        return Solve(without, grids) is { } other && other.Window.PastWindow < best.Window.PastWindow
            ? inWindow.Select(Availability.Cause)
            : [];
    }

    /// <summary>
    /// The best plan over a group of equally costly windows. Windows that offer exactly the
    /// usable dates of one already proven infeasible (a widening onto a weekend, say) are skipped.
    /// </summary>
    private static Solution? SolveGroup(Instance instance, WindowOption[] group, LocalDate? simulation, IReadOnlyDictionary<int, (int, int)> preferred, IReadOnlyList<Stayer> stayers, int maxMoves, HashSet<string> failed)
    {
        Solution? best = null;
        foreach (var window in group)
        {
            var start = Instance.DayNumberOf(window.Start);
            var end = Instance.DayNumberOf(window.End);
            var usable = string.Join(',', instance.DaysIn(start, end).Where(d => d.NewCap > 0 || d.Kept.Count > 0).Select(d => d.DayNumber));
            var key = $"{maxMoves}:{usable}";
            if (failed.Contains(key))
            {
                continue;
            }

            var candidate = SolveWindow(instance, window, simulation, preferred, stayers, maxMoves);
            if (candidate is null)
            {
                failed.Add(key);
            }

            if (candidate is not null && (best is null || candidate.IsBetterThan(best)))
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>The moves of some plan with at most <paramref name="maxMoves"/> in any window of the group, or null: one search per window, any span.</summary>
    private static int? FewestMovesWithin(Instance instance, WindowOption[] group, LocalDate? simulation, IReadOnlyList<Stayer> stayers, int maxMoves)
    {
        int? best = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var window in group)
        {
            var days = UsableDays(instance, window, simulation);
            if (days.Length == 0 || !seen.Add(string.Join(',', days.Select(d => d.DayNumber))))
            {
                continue;
            }

            var search = new Search(instance, days, new Dictionary<int, (int, int)>(), stayers, firstDayFixed: false);
            if (search.Run(int.MaxValue / 2, best is { } b ? b - 1 : maxMoves))
            {
                best = search.SolutionMoves;
            }
        }

        return best;
    }

    /// <summary>The dates of <paramref name="window"/> that can hold a fraction, from the earliest allowed first date.</summary>
    private static DayInfo[] UsableDays(Instance instance, WindowOption window, LocalDate? simulation)
    {
        var start = Instance.DayNumberOf(window.Start);
        var end = Instance.DayNumberOf(window.End);
        var kept = instance.KeptOnDays.Select(d => d.DayNumber).ToArray();
        if (kept.Any(d => d < start || d > end))
        {
            return [];
        }

        var firstAllowed = simulation is { } sim && instance.Request.Kept.All(k => k.Reason != KeptReason.Delivered)
            ? Math.Max(start, Instance.DayNumberOf(sim) + 1)
            : start;
        return [.. instance.DaysIn(firstAllowed, end).Where(d => d.NewCap > 0 || d.Kept.Count > 0)];
    }

    private static Solution? SolveWindow(Instance instance, WindowOption window, LocalDate? simulation, IReadOnlyDictionary<int, (int, int)> preferred, IReadOnlyList<Stayer> stayers, int maxMoves)
    {
        var start = Instance.DayNumberOf(window.Start);
        var end = Instance.DayNumberOf(window.End);
        var days = instance.DaysIn(start, end).Where(d => d.NewCap > 0 || d.Kept.Count > 0).ToArray();
        var keptDays = instance.KeptOnDays.Select(d => d.DayNumber).ToArray();
        if (keptDays.Any(d => d < start || d > end) || days.Length == 0)
        {
            return null;
        }

        var firstAllowed = simulation is { } sim && instance.Request.Kept.All(k => k.Reason != KeptReason.Delivered)
            ? Math.Max(start, Instance.DayNumberOf(sim) + 1)
            : start;
        var latestFirst = keptDays.Length > 0 ? keptDays.Min() : end;
        var earliestLast = keptDays.Length > 0 ? keptDays.Max() : start;
        // One search over the whole window first: an infeasible window costs one proof, not one per span and first day.
        if (!new Search(instance, [.. days.Where(d => d.DayNumber >= firstAllowed)], preferred, stayers, firstDayFixed: false).Run(int.MaxValue / 2, maxMoves))
        {
            return null;
        }

        var candidates = days.Select(d => d.DayNumber).ToHashSet();
        // Five fractions of one lesion, each two or more days after the one before, span at least nine days.
        var shortest = 2 * (RequestChecks.FractionsPerLesion - 1) + 1;
        for (var span = shortest; span <= end - start + 1; span++)
        {
            Solution? best = null;
            foreach (var first in days)
            {
                var last = first.DayNumber + span - 1;
                if (first.DayNumber < firstAllowed || first.DayNumber > latestFirst || last > end || last < earliestLast || !candidates.Contains(last))
                {
                    continue;
                }

                var run = days.Where(d => d.DayNumber >= first.DayNumber && d.DayNumber <= last).ToArray();
                var search = new Search(instance, run, preferred, stayers);
                if (instance.PreferredMinute >= 0)
                {
                    best = ClosestToPreferredTime(instance, window, search, span, first.Date, maxMoves, best);
                    continue;
                }

                var bound = best?.Visits - 1 ?? int.MaxValue / 2;
                while (search.Run(bound, maxMoves))
                {
                    best = new Solution(instance, window, search.Solution, search.SolutionVisits, span, first.Date) { Moves = search.SolutionMoves };
                    bound = search.SolutionVisits - 1;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    /// <summary>
    /// The best of <paramref name="best"/> and this first date's plans: fewest visits (ties with
    /// <paramref name="best"/> allowed), then the least distance to the preferred time at those visits.
    /// </summary>
    private static Solution? ClosestToPreferredTime(Instance instance, WindowOption window, Search search, int span, LocalDate first, int maxMoves, Solution? best)
    {
        Solution? local = null;
        var bound = best?.Visits ?? int.MaxValue / 2;
        while (search.Run(bound, maxMoves))
        {
            local = Found();
            bound = local.Visits - 1;
        }

        if (local is null)
        {
            return best;
        }

        var limit = (best is not null && best.Visits == local.Visits ? Math.Min(best.Distance, local.Distance) : local.Distance) - 1;
        while (limit >= 0 && search.Run(local.Visits, maxMoves, limit))
        {
            local = Found();
            limit = local.Distance - 1;
        }

        return best is null || local.IsBetterThan(best) ? local : best;

        Solution Found() => new(instance, window, search.Solution, search.SolutionVisits, span, first)
        {
            Moves = search.SolutionMoves,
            Distance = search.SolutionDistance,
        };
    }

    /// <summary>For re-plans: the previous plan's visit on each date (linac, local minute), kept where it can be.</summary>
    private static Dictionary<int, (int, int)> PreferredBlocks(Instance instance)
    {
        var result = new Dictionary<int, (int, int)>();
        var linacs = instance.Request.Linacs.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        foreach (var visit in instance.Request.Previous.Where(f => f.Origin == FractionOrigin.Planned).GroupBy(f => f.Start.Date))
        {
            var first = visit.MinBy(f => f.Start.ToInstant())!;
            if (linacs.TryGetValue(first.LinacId, out var linac))
            {
                result[Instance.DayNumberOf(visit.Key)] = (linac, first.Start.Hour * 60 + first.Start.Minute);
            }
        }

        return result;
    }
}

/// <summary>A solution of the search, with the figures "best" compares.</summary>
internal sealed record Solution(Instance Instance, WindowOption Window, Placement[] Placements, int Visits, int Span, LocalDate First)
{
    public IReadOnlyList<Closure> W0Closures { get; init; } = [];

    /// <summary>Unforced moves (re-plans).</summary>
    public int Moves { get; init; }

    /// <summary>Downtimes and closures that forced previous fractions to move (re-plans).</summary>
    public IReadOnlyList<DeviationCause> ForcedCauses { get; init; } = [];

    /// <summary>Sum over visits of minutes between the visit's first start and the patient's preferred time; 0 without one.</summary>
    public int Distance { get; init; }

    /// <summary>Lexicographic: span, visits, distance to the preferred time, then the earlier first date.</summary>
    public bool IsBetterThan(Solution other) =>
        Span != other.Span ? Span < other.Span
        : Visits != other.Visits ? Visits < other.Visits
        : Distance != other.Distance ? Distance < other.Distance
        : First < other.First;

    /// <summary>The whole "best" order across solutions of different windows: past the window, deviation, moves, then <see cref="IsBetterThan"/>.</summary>
    public int Ranks(Solution other) =>
        Window.PastWindow != other.Window.PastWindow ? Window.PastWindow.CompareTo(other.Window.PastWindow)
        : Window.Deviation != other.Window.Deviation ? Window.Deviation.CompareTo(other.Window.Deviation)
        : Moves != other.Moves ? Moves.CompareTo(other.Moves)
        : IsBetterThan(other) ? -1 : other.IsBetterThan(this) ? 1 : 0;
}
