using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// A date the patient cannot come, announced ahead: her live plan re-planned at once by R1-R5, as a
/// closure for her alone (it never earns the +/-2 day widening: the solver knows an absence is not a
/// holiday). R1: a delivered, pinned or past fraction on that date is never moved; the plan needs
/// attention naming it. R5: when no re-plan fits by D1+19, the plan needs attention and its fractions
/// on that date give their slots up (displaced), as a disruption's do.
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

        var onDate = plan.Booked.Where(f => f.Start.InZone(plan.Zone).Date == absence.Date).OrderBy(f => f.Start).ToList();
        if (onDate.Count == 0 || !plan.IsUnfinished)
        {
            return null;
        }

        var said = $"the absence on {Words.Date(absence.Date)} ({absence.Reason})";
        if (onDate.Find(f => f.Status == FractionStatus.Delivered || f.Pinned || f.Start <= now) is { } fixedOne)
        {
            var what = fixedOne.Status == FractionStatus.Delivered ? "delivered" : fixedOne.Pinned ? "pinned" : "already started";
            return PlanLifecycle.NeedsAttention(plan,
                $"Fraction {fixedOne.Number} of lesion {fixedOne.LesionId} at {Words.Moment(fixedOne.Start, plan.Zone)} is {what} and falls on {said}: it is never moved by a re-plan. Check the absence, or move or unpin the fraction.",
                []);
        }

        var (outcome, kept, _) = RemainderReplanning.Solve(plan, around, now, grids);
        if (outcome.IsFeasible)
        {
            return PlanLifecycle.Replanned(plan, outcome.Plan, kept, reason, newId);
        }

        var infeasibility = outcome.Infeasibility;
        if (infeasibility.Code == InfeasibilityCodes.KeptFractionsConflict)
        {
            return PlanLifecycle.NeedsAttention(plan, $"No re-plan around {said}: a fraction the solver must not move is in the way. {PlanLifecycle.Describe(infeasibility)}", []);
        }

        // R5 as for a disruption (DisruptionReplanning mirrors this): the fractions on that date lose their slots.
        var displaced = onDate.Where(f => !kept.Contains(f.Id)).Select(f => f.Id).ToList();
        var latest = plan.DayOne.PlusDays(Windows.LastFractionDay);
        var lost = $"{displaced.Count} {Words.Plural(displaced.Count, "fraction lost its slot", "fractions lost their slots")} to {said} and no re-plan fits (none may end after day {Windows.LastFractionDay + 1}, {Words.Date(latest)}). {PlanLifecycle.Describe(infeasibility)}";
        return PlanLifecycle.NeedsAttention(plan, lost, displaced);
    }
}
