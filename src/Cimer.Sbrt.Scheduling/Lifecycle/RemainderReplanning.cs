using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// A booked plan re-planned: the plan turned into the solver's re-plan request, and the solver's answer
/// adopted back into its fractions. Delivered and pinned fractions are kept, and so are past ones with
/// no delivery record (they may have been given: the solver never re-plans them). Misses go to the
/// solver as such; the rest go back as <c>Previous</c>, and the answer is folded into the plan with the
/// moves it made.
/// </summary>
internal static class RemainderReplanning
{
    /// <summary>
    /// The re-plan of what remains, past the window if it must (R5), with the request it was solved
    /// from (what <see cref="OpeningSuggestions.Suggest"/> tries extra sessions on).
    /// </summary>
    public static (PlanOutcome Outcome, IReadOnlySet<string> Kept, PlanRequest Request) Solve(BookedPlan plan, PlanRequest around, Instant now, SlotGridCache grids)
    {
        var (request, kept) = Request(plan, around, now);
        return (Scheduler.Plan(request, grids), kept, request);
    }

    /// <summary>The solver's request that re-plans what remains of <paramref name="plan"/>, and the ids of the fractions it keeps.</summary>
    public static (PlanRequest Request, IReadOnlySet<string> Kept) Request(BookedPlan plan, PlanRequest around, Instant now)
    {
        var kept = plan.Booked.Where(f => f.Status == FractionStatus.Delivered || f.Pinned || f.Start <= now).ToList();
        var request = around with
        {
            MaxFractionsPerDay = plan.MaxFractionsPerDay,
            NotBefore = now,
            Kept = [.. kept.Select(ToKept)],
            Missed = [.. plan.Fractions.Where(f => f.Status == FractionStatus.Missed)
                .Select(f => new MissedFraction(f.LesionId, f.Start) { FractionId = f.Id, LinacId = f.LinacId })],
            // Kept fractions go to the solver as Kept only: in Previous too, a past unrecorded one would
            // read as a planned fraction that may move, and its id could come back on a new slot.
            Previous = [.. plan.Booked.Except(kept).Select(f => ToPlanned(f, plan.Zone))],
            AllowProtocolDeviation = true,
        };
        return (request, kept.Select(f => f.Id).ToHashSet());
    }

    /// <summary>How many extra sessions a re-plan that ends past its window or needing attention suggests.</summary>
    public const int MaxOpeningSuggestions = 3;

    /// <summary>
    /// The openings that would bring a re-plan back inside its window: none when it already fits
    /// (<paramref name="solved"/> without a protocol deviation), else those
    /// <see cref="OpeningSuggestions.Suggest"/> proves on the same <paramref name="request"/>.
    /// <paramref name="solved"/> null: no re-plan fits, so every suggestion is worth a look.
    /// </summary>
    public static IReadOnlyList<OpeningSuggestion> Suggestions(PlanRequest request, Plan? solved, SlotGridCache grids) =>
        solved is not null && solved.ProtocolDeviation is null
            ? []
            : OpeningSuggestions.Suggest(request, MaxOpeningSuggestions, grids);

    /// <summary>
    /// The plan made again for a corrected patient (a new day 1, lesions added or removed): nothing is
    /// delivered, so it is a first plan for the patient in <paramref name="around"/>, best by window
    /// deviation, span and visits in the new window, around its pinned fractions of lesions that remain
    /// (R1: only a physicist moves those). Never past the window: a first plan has no protocol deviation.
    /// </summary>
    public static (PlanOutcome Outcome, IReadOnlySet<string> Kept) SolveAfresh(BookedPlan plan, PlanRequest around, Instant now, SlotGridCache grids)
    {
        var lesions = around.Patient.Lesions.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var kept = plan.Booked.Where(f => f.Pinned && lesions.Contains(f.LesionId)).ToList();
        var request = around with { MaxFractionsPerDay = plan.MaxFractionsPerDay, NotBefore = now, Kept = [.. kept.Select(ToKept)] };
        return (Scheduler.Plan(request, grids), kept.Select(f => f.Id).ToHashSet());
    }

    /// <summary>
    /// The plan's fractions with its open (and displaced) ones moved to where <paramref name="solved"/>
    /// puts them, numbered in the order they are given (R4), and the moves made.
    /// </summary>
    public static (List<BookedFraction> Fractions, List<FractionMove> Moves) Adopt(
        BookedPlan plan, Plan solved, IReadOnlySet<string> kept, Func<string> newId)
    {
        var fractions = plan.Fractions.ToList();
        var open = plan.Booked.Where(f => !kept.Contains(f.Id)).Select(f => f.Id).ToList();
        var claimed = new HashSet<string>(kept);
        var missed = plan.Fractions.Where(f => f.Status == FractionStatus.Missed).OrderByDescending(f => f.Start).ToList();
        var moves = new List<FractionMove>();
        BookedFraction Current(string id) => fractions.First(f => f.Id == id);

        // Every fraction the solver placed lands on a fraction of the plan: one whose id the solver names
        // when it is still open, else another open one of its lesion, else a displaced one, else a new one.
        var placed = solved.Fractions.Where(f => f.Origin == FractionOrigin.Planned);
        foreach (var planned in placed.OrderBy(f => f.FractionId is null).ThenBy(f => f.Start.ToInstant()))
        {
            var targetId = open.Find(id => id == planned.FractionId && !claimed.Contains(id))
                ?? open.Where(id => !claimed.Contains(id)).Select(Current).Where(f => f.LesionId == planned.LesionId)
                    .OrderBy(f => f.Start).Select(f => f.Id).FirstOrDefault();
            var isNew = targetId is null;
            BookedFraction target;
            SlotAt? from;
            if (targetId is not null)
            {
                target = Current(targetId);
                from = target.Slot;
            }
            else if (fractions.Find(f => f.Status == FractionStatus.Displaced && f.LesionId == planned.LesionId) is { } displaced)
            {
                // A displaced fraction gets a slot again: it keeps its id, and its lost slot is where it came from.
                target = displaced with { Status = FractionStatus.Planned };
                from = displaced.Slot;
            }
            else
            {
                target = new BookedFraction { Id = newId(), LesionId = planned.LesionId, LinacId = planned.LinacId, DoseGy = planned.DoseGy };
                fractions.Add(target);
                from = missed.Find(m => m.LesionId == planned.LesionId)?.Slot;
            }

            claimed.Add(target.Id);
            var moved = isNew || target.LinacId != planned.LinacId || target.Start != planned.Start.ToInstant();
            var placedFraction = target with
            {
                LinacId = planned.LinacId,
                Start = planned.Start.ToInstant(),
                End = planned.End.ToInstant(),
                Number = planned.Number,
            };
            fractions[fractions.FindIndex(f => f.Id == target.Id)] = placedFraction;
            if (moved)
            {
                moves.Add(new FractionMove(placedFraction.Id, from, placedFraction.Slot));
            }
        }

        // Open fractions the new plan no longer needs are dropped, never left holding a slot.
        fractions.RemoveAll(f => open.Contains(f.Id) && !claimed.Contains(f.Id));
        return (Renumbered(fractions), moves);
    }

    /// <summary>R4: each lesion's booked fractions numbered in time order (missed ones keep theirs).</summary>
    public static List<BookedFraction> Renumbered(IReadOnlyList<BookedFraction> fractions)
    {
        var numbers = fractions.Where(f => f.HoldsSlot).GroupBy(f => f.LesionId)
            .SelectMany(lesion => lesion.OrderBy(f => f.Start).Select((f, i) => (f.Id, Number: i + 1)))
            .ToDictionary(x => x.Id, x => x.Number);
        return [.. fractions.Select(f => numbers.TryGetValue(f.Id, out var number) && number != f.Number ? f with { Number = number } : f)];
    }

    public static PlannedFraction ToPlanned(BookedFraction fraction, DateTimeZone zone) =>
        new(fraction.LesionId, fraction.Number, fraction.LinacId, fraction.Start.InZone(zone), fraction.End.InZone(zone), Origin(fraction))
        {
            FractionId = fraction.Id,
            DoseGy = fraction.DoseGy,
        };

    public static KeptFraction ToKept(BookedFraction fraction) =>
        new(fraction.LesionId, fraction.LinacId, fraction.Start, fraction.End,
            fraction.Status == FractionStatus.Delivered ? KeptReason.Delivered : KeptReason.Pinned)
        {
            FractionId = fraction.Id,
        };

    private static FractionOrigin Origin(BookedFraction fraction) => fraction switch
    {
        { Status: FractionStatus.Delivered } => FractionOrigin.Delivered,
        { Pinned: true } => FractionOrigin.Pinned,
        _ => FractionOrigin.Planned,
    };
}
