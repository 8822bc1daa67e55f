using System.ComponentModel.DataAnnotations;
using Cimer.Sbrt.Api.Disruptions;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Linacs;

/// <param name="Name">The machine's name, e.g. "TrueBeam 1".</param>
/// <param name="OpensAt">Local time of the first slot, "HH:mm".</param>
/// <param name="ClosesAt">Local time the last slot must end by, "HH:mm"; after opensAt.</param>
/// <param name="SlotMinutes">Length of one slot (one fraction), 5 to 240 minutes.</param>
internal sealed record CreateLinacRequest(
    [property: Required] string? Name,
    [property: Required] string? OpensAt,
    [property: Required] string? ClosesAt,
    [property: Required, Range(5, 240)] int? SlotMinutes);

[WireExample(LinacExamples.Linac)]
internal sealed record LinacResponse(string Id, string CenterId, string Name, string OpensAt, string ClosesAt, int SlotMinutes);

/// <param name="Start">Local date-time the linac goes down, "2026-12-08T08:00".</param>
/// <param name="End">Local date-time it is back (exclusive); after start.</param>
/// <param name="Reason">Why, e.g. "annual QA".</param>
internal sealed record AddDowntimeRequest([property: Required] string? Start, [property: Required] string? End, [property: Required] string? Reason);

[WireExample(LinacExamples.Downtime)]
internal sealed record DowntimeResponse(string Id, string LinacId, string Start, string End, string Reason);

/// <summary>A downtime as saved (or, in a dry run, as it would be), with its <c>impact</c>: every plan it touched, re-planned or needing attention.</summary>
internal sealed record DowntimeAddedResponse(string Id, string LinacId, string Start, string End, string Reason, ImpactResponse Impact);
