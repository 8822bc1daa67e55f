namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Another patient's live plan that making room may change.
/// </summary>
/// <param name="PlanId">The caller's id for the plan, carried to the proposal.</param>
/// <param name="Replan">
/// The request that would re-plan it now: <see cref="PlanRequest.Kept"/> holds its delivered, pinned
/// and past fractions; <see cref="PlanRequest.Previous"/> its future planned fractions with
/// <see cref="PlannedFraction.FractionId"/> set; <see cref="PlanRequest.Bookings"/> every other plan's
/// slots except the new patient's (who has none yet); <see cref="PlanRequest.NotBefore"/> the caller's now.
/// Only its previous planned fractions that start after now and are not kept may move.
/// </param>
/// <param name="Current">The plan as booked now: its deviation, span and visits are the figures it must keep.</param>
public sealed record RoomPlan(string PlanId, PlanRequest Replan, Plan Current);
