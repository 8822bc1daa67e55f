using Cimer.Sbrt.Scheduling;
using Cimer.Sbrt.Api.Plans;

namespace Cimer.Sbrt.Api.Worklist;

/// <summary>A center's day at a glance, for the people who run the linacs.</summary>
/// <param name="Date">The center-local date.</param>
/// <param name="Fractions">That day's fractions of live plans, in time order (then linac).</param>
/// <param name="Unconfirmed">Fractions that have started (before now, and before the date's end) with no delivery record, oldest first; flaggedAt says when the nightly reconciliation flagged one.</param>
/// <param name="NeedsAttention">Plans a person must look at, with the reason.</param>
/// <param name="ProtocolDeviations">Unfinished plans that run past their window, with the deviation and its causes.</param>
internal sealed record WorklistResponse(
    string Date,
    IReadOnlyList<WorklistFraction> Fractions,
    IReadOnlyList<WorklistFraction> Unconfirmed,
    IReadOnlyList<AttentionEntry> NeedsAttention,
    IReadOnlyList<DeviationEntry> ProtocolDeviations);

/// <summary>One fraction on the worklist: who (study id only), which lesion, where and when, and its status.</summary>
internal sealed record WorklistFraction(
    string FractionId, string PlanId, string StudyId, string LesionId, string LesionLabel, int Number,
    string LinacId, string LinacName, string Start, string End, FractionStatus Status, bool Pinned, string? FlaggedAt);

/// <summary>A plan that needs a person, and why.</summary>
internal sealed record AttentionEntry(string PlanId, string PatientId, string StudyId, string? Reason);

/// <summary>A plan running past its window (R5), with the days and causes.</summary>
internal sealed record DeviationEntry(string PlanId, string PatientId, string StudyId, PlanStatus Status, ProtocolDeviationResponse ProtocolDeviation);

/// <summary>A row of the worklist fraction queries.</summary>
internal sealed class WorklistFractionRow
{
    public string FractionId { get; init; } = "";
    public string PlanId { get; init; } = "";
    public string StudyId { get; init; } = "";
    public string LesionId { get; init; } = "";
    public string LesionLabel { get; init; } = "";
    public long Number { get; init; }
    public string LinacId { get; init; } = "";
    public string LinacName { get; init; } = "";
    public string StartUtc { get; init; } = "";
    public string EndUtc { get; init; } = "";
    public string Status { get; init; } = "";
    public long Pinned { get; init; }
    public string? UnconfirmedUtc { get; init; }
}

/// <summary>A row of the worklist plan queries.</summary>
internal sealed class WorklistPlanRow
{
    public string PlanId { get; init; } = "";
    public string PatientId { get; init; } = "";
    public string StudyId { get; init; } = "";
    public string Status { get; init; } = "";
    public string? AttentionReason { get; init; }
    public string? ProtocolDeviation { get; init; }
}
