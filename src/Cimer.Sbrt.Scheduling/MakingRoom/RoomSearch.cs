using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>One run of <see cref="MakingRoom.Propose"/>: the bookings' owners, the solver budget, the best proposal so far.</summary>
internal sealed class RoomSearch
{
    private readonly PlanRequest patient;
    private readonly IReadOnlyList<RoomPlan> others;
    private readonly MakeRoomLimits limits;
    private readonly SlotGridCache grids;

    /// <summary>Movable slot (linac, start) to the index of the other plan that holds it.</summary>
    private readonly Dictionary<(string Linac, Instant Start), int> owners = [];

    /// <summary>Each other plan's movable slots.</summary>
    private readonly List<HashSet<(string Linac, Instant Start)>> movable = [];

    private readonly HashSet<string> targetsSeen = new(StringComparer.Ordinal);
    private int calls;
    private bool budgetCut;
    private (RoomProposal Proposal, PlanFigures Figures)? best;

    public RoomSearch(PlanRequest patient, IReadOnlyList<RoomPlan> others, MakeRoomLimits limits, SlotGridCache grids)
    {
        this.patient = patient;
        this.others = others;
        this.limits = limits;
        this.grids = grids;
        for (var i = 0; i < others.Count; i++)
        {
            var replan = others[i].Replan;
            var kept = replan.Kept.Select(k => (k.LinacId, k.Start)).ToHashSet();
            var slots = replan.Previous
                .Where(f => f.Origin == FractionOrigin.Planned && (replan.NotBefore is not { } now || f.Start.ToInstant() > now))
                .Select(f => (f.LinacId, f.Start.ToInstant()))
                .Where(s => !kept.Contains(s))
                .ToHashSet();
            movable.Add(slots);
            foreach (var slot in slots)
            {
                owners.TryAdd(slot, i);
            }
        }
    }

    public MakeRoomOutcome Run()
    {
        if (Solve(patient) is { } plain)
        {
            return MakeRoomOutcome.Proposed(new RoomProposal(plain, []), calls);
        }

        var fixedOnly = patient with { Bookings = [.. patient.Bookings.Where(b => !owners.ContainsKey(Key(b)))] };
        if (Solve(fixedOnly) is not { } unobstructed)
        {
            calls++;
            var why = Scheduler.Plan(fixedOnly, grids).Infeasibility!;
            return MakeRoomOutcome.None(
                new NoRoom(MakeRoomCodes.NotOnlyBookings, $"No plan exists even with every movable fraction of other plans freed: {why.Summary}", why) { Exhaustive = true },
                calls);
        }

        var ideal = PlanFigures.Of(unobstructed);
        var candidates = Candidates(unobstructed);
        for (var size = 1; size <= Math.Min(limits.MaxPlansChanged, candidates.Count) && !budgetCut; size++)
        {
            foreach (var set in Combinations(candidates, size))
            {
                Attempt(set);
                if (budgetCut)
                {
                    break;
                }
            }

            if (best is { } found && found.Figures.CompareTo(ideal) <= 0)
            {
                break;
            }
        }

        if (best is { } proposal)
        {
            return MakeRoomOutcome.Proposed(proposal.Proposal, calls);
        }

        var bound = $"sets of up to {limits.MaxPlansChanged} of {candidates.Count} candidate plans";
        var summary = budgetCut
            ? $"No way to make room was found before the search used its {limits.MaxSolverCalls} solver runs ({bound}); the search was cut short."
            : $"No way to make room within {bound}: every set either leaves no plan for the new patient or would cost another plan deviation, span or visits.";
        return MakeRoomOutcome.None(new NoRoom(MakeRoomCodes.NoneWithinBounds, summary, null) { Exhaustive = !budgetCut }, calls);
    }

    private static (string, Instant) Key(Booking b) => (b.LinacId, b.Start);

    private static (string, Instant) Key(PlannedFraction f) => (f.LinacId, f.Start.ToInstant());

    private static Booking ToBooking(PlannedFraction f) => new(f.LinacId, f.Start.ToInstant(), f.End.ToInstant());

    /// <summary>
    /// The solver's best plan, or null. Most runs of a search are infeasible probes, so this skips the
    /// diagnosis and proven suggestions <see cref="Scheduler.Plan(PlanRequest, SlotGridCache)"/> adds to them
    /// (seconds on a crowded center); the plan, when there is one, is the same.
    /// </summary>
    private Plan? Solve(PlanRequest request)
    {
        calls++;
        if (request.Patient.Arm == 1)
        {
            return PlanBuilder.WithoutRadiotherapy(request);
        }

        return Scheduler.Solve(request, grids) is { } solution ? PlanBuilder.Build(solution) : null;
    }

    /// <summary>Plans the unobstructed plan collides with (fewest collisions first), then plans with movable fractions in the widest window.</summary>
    private List<int> Candidates(Plan unobstructed)
    {
        var colliding = unobstructed.Fractions
            .Where(f => owners.ContainsKey(Key(f)))
            .GroupBy(f => owners[Key(f)])
            .OrderBy(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => g.Key)
            .ToList();
        var d1 = patient.Patient.DayOne;
        var (from, to) = (d1.PlusDays(-Windows.Tolerance), d1.PlusDays(Windows.NominalDays - 1 + Windows.Tolerance));
        var zone = patient.Center.Zone;
        var nearby = Enumerable.Range(0, others.Count)
            .Where(i => !colliding.Contains(i) && movable[i].Any(s => s.Start.InZone(zone).Date is var date && date >= from && date <= to));
        return [.. colliding.Concat(nearby).Take(limits.MaxCandidatePlans)];
    }

    private static IEnumerable<int[]> Combinations(List<int> items, int size)
    {
        var index = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            yield return [.. index.Select(i => items[i])];
            var k = size - 1;
            while (k >= 0 && index[k] == items.Count - size + k)
            {
                k--;
            }

            if (k < 0)
            {
                yield break;
            }

            index[k]++;
            for (var j = k + 1; j < size; j++)
            {
                index[j] = index[j - 1] + 1;
            }
        }
    }

    /// <summary>Frees the movable fractions of <paramref name="set"/>, plans the new patient, and re-plans the plans it collides with.</summary>
    private void Attempt(int[] set)
    {
        if (calls >= limits.MaxSolverCalls)
        {
            budgetCut = true;
            return;
        }

        var freed = set.ToHashSet();
        if (Solve(patient with { Bookings = [.. patient.Bookings.Where(b => !(owners.TryGetValue(Key(b), out var owner) && freed.Contains(owner)))] }) is not { } target)
        {
            return;
        }

        var figures = PlanFigures.Of(target);
        var slots = target.Fractions.Select(Key).ToList();
        if ((best is { } b && figures.CompareTo(b.Figures) > 0) || !targetsSeen.Add(string.Join(';', slots)))
        {
            return;
        }

        var colliding = slots.Where(owners.ContainsKey).Select(s => owners[s]).Distinct().Order().ToList();
        var changes = new List<(int Index, Plan Plan)>();
        foreach (var index in colliding)
        {
            if (calls >= limits.MaxSolverCalls)
            {
                budgetCut = true;
                return;
            }

            var replanned = Replan(index, target, changes);
            if (replanned is null)
            {
                return;
            }

            changes.Add((index, replanned));
        }

        var proposal = new RoomProposal(target, [.. changes.Select(c => Change(others[c.Index], c.Plan))]);
        if (best is not { } current || IsBetter(figures, proposal, current.Figures, current.Proposal))
        {
            best = (proposal, figures);
        }
    }

    private static bool IsBetter(PlanFigures figures, RoomProposal proposal, PlanFigures bestFigures, RoomProposal bestProposal) =>
        (figures.CompareTo(bestFigures), proposal.Changes.Count, proposal.FractionsMoved)
            .CompareTo((0, bestProposal.Changes.Count, bestProposal.FractionsMoved)) < 0;

    /// <summary>
    /// Re-plans another plan around the target and the changes already accepted; null when it cannot keep
    /// its figures. Least change first; when that costs span or visits, the best plan on the figures alone.
    /// </summary>
    private Plan? Replan(int index, Plan target, List<(int Index, Plan Plan)> changes)
    {
        var other = others[index];
        var gone = changes.SelectMany(c => movable[c.Index]).ToHashSet();
        var bookings = other.Replan.Bookings
            .Where(b => !gone.Contains(Key(b)))
            .Concat(changes.SelectMany(c => c.Plan.Fractions.Where(f => f.Origin == FractionOrigin.Planned)).Select(ToBooking))
            .Concat(target.Fractions.Select(ToBooking))
            .ToList();
        var request = other.Replan with { Bookings = bookings };
        var limit = PlanFigures.Of(other.Current);
        if (Solve(request) is not { } leastChange)
        {
            return null;
        }

        if (PlanFigures.Of(leastChange).CompareTo(limit) <= 0)
        {
            return leastChange;
        }

        if (request.Previous.Count == 0 || calls >= limits.MaxSolverCalls)
        {
            budgetCut |= calls >= limits.MaxSolverCalls;
            return null;
        }

        return Solve(request with { Previous = [] }) is { } bestFigures && PlanFigures.Of(bestFigures).CompareTo(limit) <= 0
            ? WithIds(bestFigures, other.Current)
            : null;
    }

    /// <summary>Gives a plan solved without its previous version the current fraction ids: same slot, same id; the rest in time order per lesion.</summary>
    private static Plan WithIds(Plan plan, Plan current)
    {
        var fractions = new List<PlannedFraction>(plan.Fractions.Count);
        foreach (var lesion in plan.Fractions.GroupBy(f => f.LesionId, StringComparer.Ordinal))
        {
            var pool = current.Fractions.Where(f => f.LesionId == lesion.Key && f.Origin == FractionOrigin.Planned).OrderBy(f => f.Start.ToInstant()).ToList();
            var stayed = lesion.Where(f => f.Origin == FractionOrigin.Planned && pool.Any(p => Key(p) == Key(f))).ToHashSet();
            var rest = new Queue<PlannedFraction>(pool.Where(p => !stayed.Any(f => Key(f) == Key(p))));
            foreach (var f in lesion.OrderBy(f => f.Start.ToInstant()))
            {
                fractions.Add(f.Origin != FractionOrigin.Planned || f.FractionId is not null ? f
                    : stayed.Contains(f) ? f with { FractionId = pool.First(p => Key(p) == Key(f)).FractionId }
                    : rest.TryDequeue(out var from) ? f with { FractionId = from.FractionId }
                    : f);
            }
        }

        return plan with { Fractions = [.. fractions.OrderBy(f => f.Start.ToInstant()).ThenBy(f => f.LinacId, StringComparer.Ordinal)] };
    }

    /// <summary>The fractions of <paramref name="other"/> that change slot: per lesion, the slots left paired in time order with the slots taken.</summary>
    private static RoomChange Change(RoomPlan other, Plan replanned)
    {
        var moves = new List<RoomMove>();
        var before = other.Current.Fractions.Where(f => f.Origin == FractionOrigin.Planned).ToList();
        var after = replanned.Fractions.Where(f => f.Origin == FractionOrigin.Planned).ToList();
        foreach (var lesion in before.Select(f => f.LesionId).Distinct(StringComparer.Ordinal))
        {
            var left = before.Where(f => f.LesionId == lesion && !after.Any(a => a.LesionId == lesion && Key(a) == Key(f))).OrderBy(f => f.Start.ToInstant()).ToList();
            var taken = after.Where(f => f.LesionId == lesion && !before.Any(b => b.LesionId == lesion && Key(b) == Key(f))).OrderBy(f => f.Start.ToInstant()).ToList();
            moves.AddRange(left.Zip(taken, (from, to) => new RoomMove(from, to)));
        }

        return new RoomChange(other.PlanId, replanned, [.. moves.OrderBy(m => m.From.Start.ToInstant())]);
    }
}
