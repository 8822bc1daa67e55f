namespace Cimer.Sbrt.Scheduling;

/// <summary>One slot of a center's grid and what it is (see <see cref="SlotGrid.Cells"/>).</summary>
/// <param name="Slot">The slot, in the center's zone.</param>
/// <param name="State">Closed, then down, then booked, else free.</param>
/// <param name="PlanId">The plan holding the slot, whatever its state (a fraction kept under a closure or downtime too).</param>
/// <param name="Closure">The closure, when <see cref="SlotState.Closed"/>.</param>
/// <param name="Downtimes">The linac's downtimes the slot overlaps, in the linac's order; not empty when <see cref="SlotState.Down"/>.</param>
public sealed record SlotCell(Slot Slot, SlotState State, string? PlanId, Closure? Closure, IReadOnlyList<Downtime> Downtimes);
