namespace Cimer.Sbrt.Scheduling;

/// <summary>One fraction of another plan moved to make room: where it is booked now, where it would go.</summary>
public sealed record RoomMove(PlannedFraction From, PlannedFraction To);

/// <summary>Another plan as the proposal would re-plan it, and the fractions that move.</summary>
/// <param name="PlanId">The <see cref="RoomPlan.PlanId"/>.</param>
/// <param name="Plan">Its re-plan: every hard rule holds, deviation, span and visits no worse than now.</param>
/// <param name="Moves">Its fractions that change slot, in time order of where they are now.</param>
public sealed record RoomChange(string PlanId, Plan Plan, IReadOnlyList<RoomMove> Moves);

/// <summary>A dry run: the new patient's plan and the changes to other plans it needs. Nothing is written.</summary>
/// <param name="Plan">The new patient's plan, around every booking once the changes are made.</param>
/// <param name="Changes">The other plans that change, in the order given to the search; empty when the plan fits as it is.</param>
public sealed record RoomProposal(Plan Plan, IReadOnlyList<RoomChange> Changes)
{
    /// <summary>Fractions of other plans that change slot.</summary>
    public int FractionsMoved => Changes.Sum(c => c.Moves.Count);
}
