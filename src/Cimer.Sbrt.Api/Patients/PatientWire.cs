using System.ComponentModel.DataAnnotations;

namespace Cimer.Sbrt.Api.Patients;

/// <param name="StudyId">The pseudonymous trial id (never a name); unique.</param>
/// <param name="CenterId">The center that treats the patient.</param>
/// <param name="Arm">1 = letrozole + palbociclib; 2 = the same + I-SBRT.</param>
/// <param name="DayOne">Day 1: letrozole starts and the I-SBRT window opens, "2026-12-07".</param>
/// <param name="Lesions">Arm 2: one to five lesions to treat. Arm 1: none.</param>
internal sealed record CreatePatientRequest(
    [property: Required] string? StudyId,
    [property: Required] string? CenterId,
    [property: Required, Range(1, 2)] int? Arm,
    [property: Required] string? DayOne,
    IReadOnlyList<LesionRequest>? Lesions);

/// <param name="Label">Where the lesion is, e.g. "T8 vertebra".</param>
/// <param name="Site">Kind of site, e.g. "bone", "liver", "lung", "node".</param>
/// <param name="GreatestDiameterCm">Greatest diameter in cm: more than 0, at most 5.0 (a larger lesion excludes the patient).</param>
internal sealed record LesionRequest(
    [property: Required] string? Label,
    string? Site,
    [property: Required, Range(0.01, 5.0)] double? GreatestDiameterCm);

internal sealed record PatientResponse(string Id, string StudyId, string CenterId, int Arm, string DayOne, IReadOnlyList<LesionResponse> Lesions);

internal sealed record LesionResponse(string Id, string Label, string? Site, double GreatestDiameterCm);
