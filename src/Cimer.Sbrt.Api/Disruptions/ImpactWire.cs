using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Scheduling;

namespace Cimer.Sbrt.Api.Disruptions;

/// <summary>What a new downtime or closure did (or, in a dry run, would do) to the plans it touches.</summary>
/// <param name="Plans">Every plan touched, in the order they were re-planned: oldest day 1 first, then the plan made first.</param>
internal sealed record ImpactResponse(IReadOnlyList<PlanImpact> Plans);

/// <param name="PlanId">The plan touched.</param>
/// <param name="Outcome">unchanged, replanned, or needsAttention (nothing moved; see reason).</param>
/// <param name="Changes">Fractions that moved: from -> to. A displaced fraction (no plan could replace it) is not listed here; the plan needs attention.</param>
/// <param name="ProtocolDeviation">The re-planned plan's deviation past its window, if any (R5).</param>
/// <param name="Reason">Why the plan needs attention; null otherwise. "Dose plan for another machine needed: ..." when the plan fits only on linacs of another beam group (never switched silently).</param>
/// <param name="OpeningSuggestions">When the plan runs past its window or needs attention: the smallest extra linac sessions (POST /linacs/{linacId}/openings) proven to bring it back inside its window, smallest first; empty otherwise.</param>
internal sealed record PlanImpact(
    string PlanId, ImpactOutcome Outcome, IReadOnlyList<ChangeResponse> Changes, ProtocolDeviationResponse? ProtocolDeviation, string? Reason,
    IReadOnlyList<OpeningSuggestionResponse> OpeningSuggestions);
