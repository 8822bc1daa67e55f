using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Slots;

internal enum SlotStatus
{
    Free,
    Booked,
}

/// <param name="LinacId">The linac the slot belongs to.</param>
/// <param name="Start">Slot start, a moment in the center's offset.</param>
/// <param name="End">Slot end (exclusive).</param>
/// <param name="Status">free or booked. Slots in downtime or on closed days are not listed.</param>
/// <param name="PlanId">The plan holding a booked slot; null when free. No patient data.</param>
[WireExample(SlotExamples.Slot)]
internal sealed record SlotResponse(string LinacId, string Start, string End, SlotStatus Status, string? PlanId);
