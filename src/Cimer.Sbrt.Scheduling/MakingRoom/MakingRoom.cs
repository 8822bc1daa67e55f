namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Issue 13, "Making room": when a new patient's plan is infeasible only because of other patients'
/// bookings, propose moves of other plans' future, unpinned, undelivered fractions, each of those plans
/// keeping its deviation, span and visits (or better) and every hard rule. Pure: a dry run, nothing written.
/// </summary>
public static class MakingRoom
{
    /// <summary>
    /// Searches for a proposal. <paramref name="newPatient"/>'s <see cref="PlanRequest.Bookings"/> are
    /// every slot of other plans; a booking whose linac and start are a movable fraction of one of
    /// <paramref name="others"/> (a previous planned fraction after its now, not kept) belongs to that plan
    /// and may move; every other booking stays.
    /// <para>
    /// The search: (1) when the new patient fits as things are, the plan with no changes. (2) It solves the
    /// new patient with every movable booking freed; no plan means <see cref="MakeRoomCodes.NotOnlyBookings"/>.
    /// (3) Candidates are the plans that unobstructed plan would collide with, fewest collisions first, then
    /// the plans with movable fractions in the new patient's widest window (D1-2..D1+13), in the order given,
    /// at most <see cref="MakeRoomLimits.MaxCandidatePlans"/>. (4) For each set S of candidates, by size
    /// 1..<see cref="MakeRoomLimits.MaxPlansChanged"/> then lexicographically, the new patient's best plan
    /// with only S's movable fractions freed is the target; each plan of S it collides with is re-planned
    /// in the given order around the target and the moves already accepted (least change first; when that
    /// loses span or visits, the best plan on deviation, span and visits instead) and is accepted only when
    /// its (days past window, deviation, span, visits) is no worse than now. A set whose plans all pass is
    /// a proposal. The best proposal wins: the new patient's (deviation, span, visits) first, then fewest
    /// plans changed, then fewest fractions moved, then the earlier set. The search stops after the first
    /// size that yields a proposal with the unobstructed plan's figures, or at
    /// <see cref="MakeRoomLimits.MaxSolverCalls"/> solver runs.
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentException">A request is malformed, or the limits are out of range.</exception>
    public static MakeRoomOutcome Propose(PlanRequest newPatient, IReadOnlyList<RoomPlan> others, MakeRoomLimits? limits = null, SlotGridCache? grids = null)
    {
        ArgumentNullException.ThrowIfNull(newPatient);
        ArgumentNullException.ThrowIfNull(others);
        limits ??= MakeRoomLimits.Default;
        limits.ThrowIfInvalid();
        RequestChecks.ThrowIfInvalid(newPatient);
        foreach (var other in others)
        {
            ArgumentNullException.ThrowIfNull(other);
            RequestChecks.ThrowIfInvalid(other.Replan);
        }

        return new RoomSearch(newPatient, others, limits, grids ?? new SlotGridCache()).Run();
    }
}
