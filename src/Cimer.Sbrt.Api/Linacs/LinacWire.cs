using System.ComponentModel.DataAnnotations;
using Cimer.Sbrt.Api.Disruptions;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Linacs;

/// <param name="Name">The machine's name, e.g. "TrueBeam 1".</param>
/// <param name="OpensAt">Local time of the first slot, "HH:mm".</param>
/// <param name="ClosesAt">Local time the last slot must end by, "HH:mm"; after opensAt.</param>
/// <param name="SlotMinutes">Length of one slot (one fraction), 5 to 240 minutes.</param>
/// <param name="BeamGroup">The beam-matched group, e.g. "truebeam": linacs of one group share a machine model, so a lesion's dose plan fits any of them and all its fractions stay in the group. Optional (at most 64 characters); none: a group of its own.</param>
internal sealed record CreateLinacRequest(
    [property: Required] string? Name,
    [property: Required] string? OpensAt,
    [property: Required] string? ClosesAt,
    [property: Required, Range(5, 240)] int? SlotMinutes,
    [property: MaxLength(LinacsApi.MaxBeamGroupLength)] string? BeamGroup = null);

/// <param name="BeamGroup">The linac's beam-matched group after the change (at most 64 characters); null or absent: a group of its own.</param>
/// <param name="Reason">Why, for the audit trail (e.g. "beam matched to TrueBeam 1 after commissioning"); required, at most 500 characters.</param>
internal sealed record UpdateLinacRequest([property: MaxLength(LinacsApi.MaxBeamGroupLength)] string? BeamGroup, [property: Required] string? Reason);

/// <param name="Id">The linac's id.</param>
/// <param name="CenterId">Its center.</param>
/// <param name="Name">The machine's name.</param>
/// <param name="OpensAt">Local time of the first slot on an open day, "HH:mm".</param>
/// <param name="ClosesAt">Local time the last slot ends by, "HH:mm".</param>
/// <param name="SlotMinutes">Length of one slot (one fraction), in minutes.</param>
/// <param name="BeamGroup">The beam-matched group; null: a group of its own (named by the linac's id).</param>
/// <param name="Version">Raised by every change of the linac; GET answers it as a strong ETag, and PATCH takes it as If-Match.</param>
[WireExample(LinacExamples.Linac)]
internal sealed record LinacResponse(string Id, string CenterId, string Name, string OpensAt, string ClosesAt, int SlotMinutes, string? BeamGroup, long Version);

/// <param name="Date">The local date of the extra session, e.g. a Saturday "2026-12-12".</param>
/// <param name="OpensAt">Local time of its first slot, "HH:mm".</param>
/// <param name="ClosesAt">Local time its last slot must end by, "HH:mm"; after opensAt, the same day, and at least one whole slot of the linac later.</param>
/// <param name="Reason">Why, e.g. "Saturday session for deviating plans"; required.</param>
internal sealed record AddOpeningRequest([property: Required] string? Date, [property: Required] string? OpensAt, [property: Required] string? ClosesAt, [property: Required] string? Reason);

/// <summary>An extra session of a linac on one date: slots of the linac's length from <c>opensAt</c>, each ending by <c>closesAt</c>, usable even on a closed day.</summary>
/// <param name="Id">The opening's id.</param>
/// <param name="LinacId">The linac it opens.</param>
/// <param name="Date">The local date.</param>
/// <param name="OpensAt">Local time of its first slot, "HH:mm".</param>
/// <param name="ClosesAt">Local time its last slot ends by, "HH:mm".</param>
/// <param name="Reason">Why it was opened.</param>
/// <param name="Slots">How many whole slots of the linac's length fit in it (on an open day, those over its regular hours are its regular slots).</param>
[WireExample(LinacExamples.Opening)]
internal sealed record OpeningResponse(string Id, string LinacId, string Date, string OpensAt, string ClosesAt, string Reason, int Slots);

/// <param name="Start">Local date-time the linac goes down, "2026-12-08T08:00".</param>
/// <param name="End">Local date-time it is back (exclusive); after start.</param>
/// <param name="Reason">Why, e.g. "annual QA".</param>
internal sealed record AddDowntimeRequest([property: Required] string? Start, [property: Required] string? End, [property: Required] string? Reason);

[WireExample(LinacExamples.Downtime)]
internal sealed record DowntimeResponse(string Id, string LinacId, string Start, string End, string Reason);

/// <summary>A downtime as saved (or, in a dry run, as it would be), with its <c>impact</c>: every plan it touched, re-planned or needing attention.</summary>
internal sealed record DowntimeAddedResponse(string Id, string LinacId, string Start, string End, string Reason, ImpactResponse Impact);
