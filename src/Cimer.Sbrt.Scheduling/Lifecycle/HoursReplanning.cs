using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// New hours (<c>availableFrom</c>/<c>availableUntil</c>) or a new preferred time for a patient with a
/// live plan: a re-plan of what remains (R1-R5: delivered, pinned and past fractions never move). Asked
/// by a person, so when no plan fits the answer is the core's reasons and nothing changes (R5: an asked
/// re-plan beyond D1+19 has no plan), even after deliveries: the scheduler may ask with other hours.
/// </summary>
public static class HoursReplanning
{
    /// <summary>
    /// The plan's change, or null when it needs none: every fraction still to come keeps the new hours
    /// and the preferred time did not change.
    /// </summary>
    /// <param name="plan">The live plan as read.</param>
    /// <param name="around">What the solver plans it around; its patient has the new hours and preferred time.</param>
    /// <param name="preferredTimeChanged">The preferred time changed: visits may move towards it (a wish, so those moves are wanted, not counted as unforced).</param>
    /// <param name="reason">Why, for the plan's history.</param>
    /// <param name="now">Re-plans use only slots after it (R2).</param>
    /// <param name="grids">Slot grids.</param>
    /// <param name="newId">Ids for fractions a re-plan adds.</param>
    public static PlanChange? Decide(BookedPlan plan, PlanRequest around, bool preferredTimeChanged, string reason, Instant now, SlotGridCache grids, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(around);
        if (!plan.IsUnfinished)
        {
            return null;
        }

        var patient = around.Patient;
        string? Breach(BookedFraction f) => Availability.Breach(patient, f.Start.InZone(plan.Zone).LocalDateTime, f.End.InZone(plan.Zone).LocalDateTime);
        var open = plan.Booked.Where(f => f.Status == FractionStatus.Planned).ToList();
        if (open.Find(f => f.Start <= now && Breach(f) is not null) is { } started)
        {
            // A past fraction with no delivery record is kept where it is (it may have been given); under the new hours it would read as a conflict.
            return new PlanRefusal(RefusalKind.Conflict,
                $"Fraction {started.Number} of lesion {started.LesionId} started at {Words.Moment(started.Start, plan.Zone)} and has no delivery record: record it delivered or missed before changing the patient's hours.");
        }

        if (!preferredTimeChanged && !open.Any(f => Breach(f) is not null))
        {
            return null;
        }

        var (request, kept) = RemainderReplanning.Request(plan, around, now);
        // Given the open fractions as the previous plan, the solver keeps them where they are (fewest
        // unforced moves comes before the preferred time); a new preferred time asks for exactly those moves.
        var outcome = Scheduler.Plan(preferredTimeChanged ? request with { Previous = [] } : request, grids);
        return outcome.IsFeasible
            ? PlanLifecycle.Replanned(plan, outcome.Plan, kept, reason, newId)
            : PlanChange.NoPlan(outcome.Infeasibility);
    }
}
