using Cimer.Sbrt.Api.Patients;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>A patient-level change: the patient after it, and their plan after it (null when they have none).</summary>
/// <param name="Patient">The patient at its new version.</param>
/// <param name="Plan">The live plan re-planned by a correction, the plan a withdrawal cancelled, or the plan as it is; null when there is none.</param>
internal sealed record PatientChangeResponse(PatientResponse Patient, PlanResponse? Plan);
