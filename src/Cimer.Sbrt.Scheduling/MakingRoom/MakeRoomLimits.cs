namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Bounds of the making-room search (see <see cref="MakingRoom.Propose"/>): which other plans it may
/// free, how many at once, and how many solver runs it may spend.
/// </summary>
public sealed record MakeRoomLimits
{
    /// <summary>The defaults: 8 candidate plans, 3 changed at once, 120 solver runs.</summary>
    public static MakeRoomLimits Default { get; } = new();

    /// <summary>
    /// At most this many other plans are candidates to move, 1..16 (default 8): first those whose
    /// fractions the new patient's best unobstructed plan would take, fewest such fractions first,
    /// then those with movable fractions in the new patient's widest window, in the order given.
    /// </summary>
    public int MaxCandidatePlans { get; init; } = 8;

    /// <summary>At most this many other plans change in one proposal, 1..5 (default 3).</summary>
    public int MaxPlansChanged { get; init; } = 3;

    /// <summary>
    /// At most this many runs of <see cref="Scheduler.Plan(PlanRequest, SlotGridCache)"/> in one search,
    /// 2..10 000 (default 120); past it the search stops with what it has.
    /// </summary>
    public int MaxSolverCalls { get; init; } = 120;

    internal void ThrowIfInvalid()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCandidatePlans, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxCandidatePlans, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPlansChanged, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPlansChanged, 5);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSolverCalls, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSolverCalls, 10_000);
    }
}
