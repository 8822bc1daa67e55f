using Cimer.Sbrt.Api.Patients;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>An absence recorded, and what it did to the patient's live plan.</summary>
/// <param name="Absence">The absence as recorded.</param>
/// <param name="Plan">Her live plan after it, with <c>changes</c> (the fractions moved, from -> to; empty when none had to) and any <c>protocolDeviation</c> (cause kind <c>absence</c>) or <c>attentionReason</c>; null when she has no live plan.</param>
internal sealed record AbsenceRecordedResponse(AbsenceResponse Absence, PlanResponse? Plan);
