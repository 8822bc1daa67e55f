using System.ComponentModel.DataAnnotations;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// A make-room proposal: nothing is written until a scheduler accepts it
/// (POST /proposals/{proposalId}/acceptance) before <see cref="ExpiresAt"/>.
/// </summary>
/// <param name="ProposalId">What to accept.</param>
/// <param name="PatientId">The new patient.</param>
/// <param name="ExpiresAt">The first moment the proposal can no longer be accepted as it is: the earliest start among its new and moved fractions, at most a day after it was made.</param>
/// <param name="Plan">The new patient's plan as it would be booked (ids are given at acceptance).</param>
/// <param name="Changes">Every other plan that moves, with each fraction's from -> to; each keeps its window deviation, span and visits or better.</param>
/// <param name="PlansChanged">How many other plans move.</param>
/// <param name="FractionsMoved">How many of their fractions move.</param>
/// <param name="SolverCalls">Solver runs the bounded search spent.</param>
internal sealed record ProposalResponse(
    string ProposalId,
    string PatientId,
    string ExpiresAt,
    ProposedPlanResponse Plan,
    IReadOnlyList<ProposedChangeResponse> Changes,
    int PlansChanged,
    int FractionsMoved,
    int SolverCalls);

/// <param name="DayOne">Day 1.</param>
/// <param name="Window">The window the plan is in.</param>
/// <param name="Fractions">Each fraction: lesion, number, linac, start and end with the center's offset.</param>
/// <param name="Summary">Span, visits, dose.</param>
internal sealed record ProposedPlanResponse(string DayOne, WindowResponse Window, IReadOnlyList<ProposedFractionResponse> Fractions, SummaryResponse Summary);

internal sealed record ProposedFractionResponse(string LesionId, int Number, string LinacId, string Start, string End);

/// <param name="PlanId">The other plan.</param>
/// <param name="PatientId">Its patient.</param>
/// <param name="Version">Its version now; acceptance makes the next.</param>
/// <param name="Changes">Its fractions that move: from -> to.</param>
internal sealed record ProposedChangeResponse(string PlanId, string PatientId, long Version, IReadOnlyList<ChangeResponse> Changes);

/// <param name="Reason">Why, for the audit trail of every plan it changes; required, at most 500 characters.</param>
internal sealed record AcceptProposalRequest([property: Required] string? Reason);

/// <param name="Plan">The new patient's plan, booked.</param>
/// <param name="Changed">Every other plan at its new version, with its `changes`.</param>
internal sealed record AcceptedProposalResponse(PlanResponse Plan, IReadOnlyList<PlanResponse> Changed);
