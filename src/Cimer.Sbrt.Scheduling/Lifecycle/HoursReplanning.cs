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

        var (outcome, kept) = preferredTimeChanged ? SolveTowardsPreferredTime(plan, around, now, grids) : Solved(RemainderReplanning.Solve(plan, around, now, grids));
        return outcome.IsFeasible
            ? PlanLifecycle.Replanned(plan, outcome.Plan, kept, reason, newId)
            : PlanChange.NoPlan(outcome.Infeasibility);
    }

    /// <summary>
    /// What remains re-planned as <see cref="RemainderReplanning.Solve"/> does, but without the plan's
    /// open fractions as the previous plan: the solver would keep them where they are (fewest unforced
    /// moves comes before the preferred time), and a new preferred time asks for exactly those moves.
    /// </summary>
    private static (PlanOutcome Outcome, IReadOnlySet<string> Kept) SolveTowardsPreferredTime(BookedPlan plan, PlanRequest around, Instant now, SlotGridCache grids)
    {
        var kept = plan.Booked.Where(f => f.Status == FractionStatus.Delivered || f.Pinned || f.Start <= now).ToList();
        var request = around with
        {
            MaxFractionsPerDay = plan.MaxFractionsPerDay,
            NotBefore = now,
            Kept = [.. kept.Select(RemainderReplanning.ToKept)],
            Missed = [.. plan.Fractions.Where(f => f.Status == FractionStatus.Missed)
                .Select(f => new MissedFraction(f.LesionId, f.Start) { FractionId = f.Id, LinacId = f.LinacId })],
            Previous = [],
            AllowProtocolDeviation = true,
        };
        return (Scheduler.Plan(request, grids), kept.Select(f => f.Id).ToHashSet());
    }

    private static (PlanOutcome Outcome, IReadOnlySet<string> Kept) Solved((PlanOutcome Outcome, IReadOnlySet<string> Kept, PlanRequest Request) solved) =>
        (solved.Outcome, solved.Kept);
}
