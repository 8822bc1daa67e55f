using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Scheduling;

namespace Cimer.Sbrt.Api.Plans;

internal enum DeliveryOutcome
{
    Delivered,
    Missed,
}

/// <param name="MaxFractionsPerDay">At most this many fractions in one visit, 1 to 5 (default 3).</param>
/// <param name="BeamGroup">Plan every lesion on linacs of this beam group only (the machine model its dose plan is made for), e.g. "truebeam"; 400 when no linac of the center is in it. Default: the best plan on any one group.</param>
internal sealed record CreatePlanRequest([property: Range(1, 5)] int? MaxFractionsPerDay, [property: MaxLength(64)] string? BeamGroup = null);

/// <param name="Start">A slot start of the (new) linac, a moment with offset: "2026-12-09T09:00:00-05:00".</param>
/// <param name="LinacId">Another linac of the same center; default the fraction's own.</param>
/// <param name="Pinned">true: the solver never moves it on a re-plan; false: it may.</param>
/// <param name="Reason">Why, for the audit trail (e.g. "patient asked for a later slot"); required, at most 500 characters.</param>
internal sealed record EditFractionRequest(string? Start, string? LinacId, bool? Pinned, [property: Required] string? Reason);

/// <param name="Reason">Why, for the audit trail (e.g. "new CT after a fall"); required, at most 500 characters.</param>
internal sealed record ReplanRequest([property: Required] string? Reason);

/// <param name="Outcome">delivered or missed.</param>
/// <param name="At">When it happened, a moment with offset; default the fraction's start. Not in the future.</param>
/// <param name="Reason">Why, for the audit trail: required for a miss (e.g. "patient unwell"), optional for a delivery; at most 500 characters.</param>
internal sealed record DeliveryRequest([property: Required] DeliveryOutcome? Outcome, string? At, string? Reason);

[WireExample(PlanExamples.Plan)]
internal sealed record PlanResponse(
    string Id,
    string PatientId,
    long Version,
    PlanStatus Status,
    string DayOne,
    WindowResponse Window,
    IReadOnlyList<FractionResponse> Fractions,
    IReadOnlyList<MilestoneResponse> Milestones,
    SummaryResponse Summary,
    IReadOnlyList<string> Explanation,
    ProtocolDeviationResponse? ProtocolDeviation)
{
    /// <summary>Why a person must look at the plan (status needsAttention): a kept fraction under new downtime, a re-plan that cannot fit. Null otherwise.</summary>
    public string? AttentionReason { get; init; }

    /// <summary>True when the nightly reconciliation found fractions past with no delivery record (see fractions[].unconfirmed).</summary>
    public bool Unconfirmed { get; init; }

    /// <summary>Present on answers to re-plans and deliveries: every fraction that moved or was added.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ChangeResponse>? Changes { get; init; }

    /// <summary>
    /// Present on answers to re-plans and misses: when the re-plan runs past the window or the plan needs
    /// attention, the smallest extra linac sessions (POST /linacs/{linacId}/openings) proven to bring it back
    /// inside its window, smallest first; empty when it fits or nothing small enough helps. Nothing is opened.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<OpeningSuggestionResponse>? OpeningSuggestions { get; init; }
}

/// <summary>An extra session that would keep the plan inside its window: create it with POST /linacs/{linacId}/openings, then re-plan.</summary>
/// <param name="Date">The local date to open.</param>
/// <param name="LinacId">The linac to open.</param>
/// <param name="OpensAt">Local start of its first slot, "HH:mm".</param>
/// <param name="ClosesAt">Local end of its last slot, "HH:mm".</param>
/// <param name="Minutes">Length of the session in minutes.</param>
[SchemaId("OpeningSuggestion")]
internal sealed record OpeningSuggestionResponse(string Date, string LinacId, string OpensAt, string ClosesAt, int Minutes);

/// <param name="Start">First date the plan may use.</param>
/// <param name="End">Last date the plan may use.</param>
/// <param name="DeviationDays">Days the fractions reach outside W0 = D1..D1+11 (before D1 plus after D1+11), 0 to 4.</param>
/// <param name="Closures">Closures inside the window (the reason for a widened one).</param>
internal sealed record WindowResponse(string Start, string End, int DeviationDays, IReadOnlyList<ClosureEntry> Closures);

internal sealed record ClosureEntry(string Date, string Reason);

/// <summary>
/// One fraction. <c>status</c>: planned, delivered, missed, or displaced (its slot was taken away and
/// no plan could replace it: it needs a person). <c>unconfirmed</c>: past, still planned, and flagged
/// by the nightly reconciliation; record it delivered or missed.
/// </summary>
internal sealed record FractionResponse(
    string Id, string LesionId, int Number, double DoseGy, string LinacId, string Start, string End, FractionStatus Status, bool Pinned, bool Unconfirmed);

internal sealed record MilestoneResponse(MilestoneKind Kind, string Date);

/// <param name="SpanDays">Calendar days from the first fraction's date to the last's, inclusive.</param>
/// <param name="Visits">Dates with at least one fraction.</param>
/// <param name="TotalDoseGy">Sum of the planned and delivered fractions' doses, in Gy.</param>
internal sealed record SummaryResponse(int SpanDays, int Visits, double TotalDoseGy);

/// <param name="DaysPastWindow">Days the plan runs past its window's end.</param>
/// <param name="Causes">What pushed it there.</param>
internal sealed record ProtocolDeviationResponse(int DaysPastWindow, IReadOnlyList<DeviationCauseResponse> Causes);

/// <param name="Kind">missedFraction, downtime or closure.</param>
/// <param name="Id">The missed fraction's, downtime's or manual closure's id; null for a holiday.</param>
/// <param name="Date">The local date of the miss, downtime or closure.</param>
[SchemaId("DeviationCause")]
internal sealed record DeviationCauseResponse(string Kind, string? Id, string Date);

/// <param name="FractionId">The fraction that moved, or that replaces a missed one.</param>
/// <param name="From">Where it was; for a replacement, the missed fraction's slot.</param>
/// <param name="To">Where it is now.</param>
internal sealed record ChangeResponse(string FractionId, SlotRef? From, SlotRef To);

internal sealed record SlotRef(string LinacId, string Start);

internal sealed record ViolationResponse(string Rule, string Message, string? FractionId, string? LesionId, string? Date);

internal sealed record SuggestionResponse(string Kind, string Message, string? DayOne, int? MaxFractionsPerDay);
