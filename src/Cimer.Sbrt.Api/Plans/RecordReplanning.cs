using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// A stored plan record re-planned: the record turned into the core's re-plan request, and the core's
/// answer adopted back into the record's fractions. A re-plan of what remains. Delivered and pinned fractions are kept, and so are past ones with
/// no delivery record (they may have been given: the core never re-plans them). Misses go to the
/// core as such; the rest go back with the current version as <c>Previous</c>, and the answer is
/// folded into the record with the list of fractions that moved.
/// </summary>
internal static class RecordReplanning
{
    public static (PlanOutcome Outcome, IReadOnlySet<string> Kept) Solve(PlanRecord record, PlanningInputs inputs, Instant now)
    {
        var kept = record.Booked.Where(f => f.Status == FractionStatus.Delivered || f.Pinned || f.Start <= now).ToList();
        var request = inputs.Request(record.MaxFractionsPerDay, now) with
        {
            Kept = [.. kept.Select(PlanRecords.ToKept)],
            Missed = [.. record.Fractions.Where(f => f.Status == FractionStatus.Missed)
                .Select(f => new MissedFraction(f.LesionId, f.Start) { FractionId = f.Id })],
            // Kept fractions go to the core as Kept only: in Previous too, a past unrecorded one would
            // read as a planned fraction that may move, and its id could come back on a new slot.
            Previous = [.. record.Booked.Except(kept).Select(f => PlanRecords.ToPlanned(f, record.Zone))],
            AllowProtocolDeviation = true,
        };
        return (Scheduler.Plan(request, SharedSlotGrids.Cache), kept.Select(f => f.Id).ToHashSet());
    }

    /// <summary>
    /// The plan made again for a corrected patient (a new day 1, lesions added or removed): nothing is
    /// delivered, so it is a first plan for the patient in <paramref name="inputs"/>, best by window
    /// deviation, span and visits in the new window, around its pinned fractions of lesions that remain
    /// (R1: only a physicist moves those). Never past the window: a first plan has no protocol deviation.
    /// </summary>
    public static (PlanOutcome Outcome, IReadOnlySet<string> Kept) SolveAfresh(PlanRecord record, PlanningInputs inputs, Instant now)
    {
        var lesions = inputs.Patient.Lesions.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var kept = record.Booked.Where(f => f.Pinned && lesions.Contains(f.LesionId)).ToList();
        var request = inputs.Request(record.MaxFractionsPerDay, now) with { Kept = [.. kept.Select(PlanRecords.ToKept)] };
        return (Scheduler.Plan(request, SharedSlotGrids.Cache), kept.Select(f => f.Id).ToHashSet());
    }

    /// <summary>Moves the record's open (and displaced) fractions to where <paramref name="plan"/> puts them.</summary>
    public static IReadOnlyList<ChangeResponse> Adopt(PlanRecord record, Plan plan, IReadOnlySet<string> kept)
    {
        var open = record.Booked.Where(f => !kept.Contains(f.Id)).ToList();
        var claimed = new HashSet<string>(kept);
        var missed = record.Fractions.Where(f => f.Status == FractionStatus.Missed).OrderByDescending(f => f.Start).ToList();
        var changes = new List<ChangeResponse>();
        // Every fraction the core placed lands on a record: one whose id the core names when it is
        // still open, else another open one of its lesion, else a displaced one, else a new one.
        var placed = plan.Fractions.Where(f => f.Origin == FractionOrigin.Planned);
        foreach (var planned in placed.OrderBy(f => f.FractionId is null).ThenBy(f => f.Start.ToInstant()))
        {
            var target = open.Find(f => f.Id == planned.FractionId && !claimed.Contains(f.Id))
                ?? open.Where(f => f.LesionId == planned.LesionId && !claimed.Contains(f.Id)).OrderBy(f => f.Start).FirstOrDefault();
            var isNew = target is null;
            SlotRef? from;
            if (target is null && record.Fractions.Find(f => f.Status == FractionStatus.Displaced && f.LesionId == planned.LesionId) is { } displaced)
            {
                // A displaced fraction gets a slot again: it keeps its id, and its lost slot is where it came from.
                target = displaced;
                target.Status = FractionStatus.Planned;
                from = Slot(target, record);
            }
            else if (target is null)
            {
                target = new FractionRecord { Id = Ids.New(), LesionId = planned.LesionId, LinacId = planned.LinacId, DoseGy = planned.DoseGy };
                record.Fractions.Add(target);
                from = missed.Find(m => m.LesionId == planned.LesionId) is { } replaced ? Slot(replaced, record) : null;
            }
            else
            {
                from = Slot(target, record);
            }

            claimed.Add(target.Id);
            var moved = isNew || target.LinacId != planned.LinacId || target.Start != planned.Start.ToInstant();
            target.LinacId = planned.LinacId;
            target.Start = planned.Start.ToInstant();
            target.End = planned.End.ToInstant();
            target.Number = planned.Number;
            if (moved)
            {
                changes.Add(new ChangeResponse(target.Id, from, Slot(target, record)));
            }
        }

        // Open fractions the new plan no longer needs are dropped, never left holding a slot.
        record.Fractions.RemoveAll(f => open.Contains(f) && !claimed.Contains(f.Id));
        // R4: a lesion's booked fractions are numbered in the order they are (to be) given.
        PlanRecords.Renumber(record);
        PlanRecords.TakeOutline(record, plan);
        return changes;
    }

    private static SlotRef Slot(FractionRecord fraction, PlanRecord record) =>
        new(fraction.LinacId, WireFormat.Format(fraction.Start, record.Zone));
}
