using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// A date the patient cannot come, announced ahead: her live plan re-planned at once by R1-R5, as a
/// closure for her alone (it never earns the +/-2 day widening: the solver knows an absence is not a
/// holiday). R1: a delivered, pinned or past fraction on that date is never moved; the plan needs
/// attention naming it. R5: when no re-plan fits by D1+19, the plan needs attention and its fractions
/// on that date give their slots up (displaced), as a disruption's do (<see cref="SlotLoss"/>).
/// </summary>
public static class AbsenceReplanning
{
    /// <summary>The plan's change for <paramref name="absence"/>, or null when no fraction of it holds a slot on that date (it already keeps the absence).</summary>
    /// <param name="plan">The live plan as read.</param>
    /// <param name="around">What the solver plans it around; its patient already has <paramref name="absence"/> among her absences.</param>
    /// <param name="absence">The new absence.</param>
    /// <param name="reason">Why, for the plan's history when it is re-planned (an attention flag gives its own reason).</param>
    /// <param name="now">Re-plans use only slots after it (R2).</param>
    /// <param name="grids">Slot grids.</param>
    /// <param name="newId">Ids for fractions a re-plan adds.</param>
    public static PlanDecision? Decide(BookedPlan plan, PlanRequest around, Absence absence, string reason, Instant now, SlotGridCache grids, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(around);
        ArgumentNullException.ThrowIfNull(absence);
        if (!around.Patient.Absences.Any(a => a.Date == absence.Date))
        {
            throw new ArgumentException("The patient planned around must have the new absence.", nameof(around));
        }

        var said = $"the absence on {Words.Date(absence.Date)} ({absence.Reason})";
        string? Fact(BookedFraction f)
        {
            var what = f.Status == FractionStatus.Delivered ? "delivered" : f.Pinned ? "pinned" : f.Start <= now ? "already started" : null;
            return what is null
                ? null
                : $"Fraction {f.Number} of lesion {f.LesionId} at {Words.Moment(f.Start, plan.Zone)} is {what} and falls on {said}: it is never moved by a re-plan. Check the absence, or move or unpin the fraction.";
        }

        // The policy is a disruption's (SlotLoss); only its cover, its words and its R1 facts differ.
        var loss = new SlotLoss(said, f => f.Start.InZone(plan.Zone).Date == absence.Date, Fact, $"No re-plan around {said}: a fraction the solver must not move is in the way.");
        return plan.IsUnfinished && plan.Booked.Any(loss.Covers)
            ? loss.Replan(plan, around, reason, now, grids, newId, suggestOpenings: false)
            : null;
    }
}
