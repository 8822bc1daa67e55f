using System.ComponentModel.DataAnnotations;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Patients;

/// <param name="StudyId">The pseudonymous trial id (never a name); unique.</param>
/// <param name="CenterId">The center that treats the patient.</param>
/// <param name="Arm">1 = letrozole + palbociclib; 2 = the same + I-SBRT.</param>
/// <param name="DayOne">Day 1: letrozole starts and the I-SBRT window opens, "2026-12-07".</param>
/// <param name="Lesions">Arm 2: one to five lesions to treat. Arm 1: none.</param>
/// <param name="AvailableFrom">Optional, center time "HH:mm": no fraction starts before it (hard). Leave out for no limit.</param>
/// <param name="AvailableUntil">Optional, center time "HH:mm": no fraction ends after it (hard); after <c>availableFrom</c>. Leave out for no limit.</param>
/// <param name="PreferredTime">Optional, center time "HH:mm": among equally good plans (window, span, visits), visits start as close to it as they can (soft).</param>
internal sealed record CreatePatientRequest(
    [property: Required] string? StudyId,
    [property: Required] string? CenterId,
    [property: Required, Range(1, 2)] int? Arm,
    [property: Required] string? DayOne,
    IReadOnlyList<LesionRequest>? Lesions,
    string? AvailableFrom = null,
    string? AvailableUntil = null,
    string? PreferredTime = null);

/// <param name="Label">Where the lesion is, e.g. "T8 vertebra".</param>
/// <param name="Site">Kind of site, e.g. "bone", "liver", "lung", "node".</param>
/// <param name="GreatestDiameterCm">Greatest diameter in cm: more than 0, at most 5.0 (a larger lesion excludes the patient).</param>
internal sealed record LesionRequest(
    [property: Required] string? Label,
    string? Site,
    [property: Required, Range(0.01, 5.0)] double? GreatestDiameterCm);

/// <param name="DayOne">The corrected day 1, "2026-12-09"; leave out to keep it.</param>
/// <param name="Lesions">The complete new list, leave out to keep the lesions: a lesion with its <c>id</c> is kept (with these values), one without an id is added, a lesion not listed is removed. Arm 2: one to five; arm 1: none.</param>
/// <param name="Reason">Why, for the audit trail (e.g. "day 1 mistyped at enrolment"); required, at most 500 characters.</param>
/// <param name="AvailableFrom">Center time "HH:mm" she can come from (hard); "" removes the limit; leave out to keep it.</param>
/// <param name="AvailableUntil">Center time "HH:mm" she can stay until (hard), after <c>availableFrom</c>; "" removes the limit; leave out to keep it.</param>
/// <param name="PreferredTime">Center time "HH:mm" she prefers (soft); "" removes the wish; leave out to keep it.</param>
internal sealed record CorrectPatientRequest(
    string? DayOne, IReadOnlyList<LesionCorrection>? Lesions, [property: Required] string? Reason,
    string? AvailableFrom = null, string? AvailableUntil = null, string? PreferredTime = null);

/// <param name="Id">An existing lesion's id to keep it; leave out to add a lesion.</param>
/// <param name="Label">Where the lesion is, e.g. "T8 vertebra".</param>
/// <param name="Site">Kind of site, e.g. "bone"; null for none.</param>
/// <param name="GreatestDiameterCm">Greatest diameter in cm: more than 0, at most 5.0.</param>
internal sealed record LesionCorrection(
    string? Id,
    [property: Required] string? Label,
    string? Site,
    [property: Required, Range(0.01, 5.0)] double? GreatestDiameterCm);

/// <param name="Reason">Why the patient leaves the trial, for the audit trail; required, at most 500 characters.</param>
internal sealed record WithdrawPatientRequest([property: Required] string? Reason);

/// <summary>Where the patient is in the trial.</summary>
internal enum PatientStatus
{
    /// <summary>No live plan (never planned, or the last plan was cancelled).</summary>
    Enrolled,

    /// <summary>A live plan and nothing delivered yet (arm 1: its plan of milestones).</summary>
    Planned,

    /// <summary>A fraction of the live plan was delivered and the plan is not completed.</summary>
    OnTreatment,

    /// <summary>Every fraction of the live plan was delivered.</summary>
    Completed,

    /// <summary>Withdrew from the trial (POST .../withdrawal); no plan can be made.</summary>
    Withdrawn,
}

/// <param name="Id">The patient's id.</param>
/// <param name="StudyId">The pseudonymous trial id.</param>
/// <param name="CenterId">The center that treats the patient.</param>
/// <param name="Arm">1 or 2.</param>
/// <param name="DayOne">Day 1, as enrolled or corrected.</param>
/// <param name="Lesions">The lesions to treat, in enrolment order (a lesion a correction added comes last; removed ones are gone).</param>
/// <param name="Version">Raised by each correction, each absence recorded or removed, and by the withdrawal; GET answers it as a strong ETag, and PATCH takes it as If-Match.</param>
/// <param name="Status">enrolled (no live plan), planned (nothing delivered yet), onTreatment, completed (every fraction delivered) or withdrawn.</param>
/// <param name="Withdrawal">When and why the patient withdrew; null while in the trial.</param>
/// <param name="AvailableFrom">Center time "HH:mm" she can come from: no fraction starts earlier. Null: no limit.</param>
/// <param name="AvailableUntil">Center time "HH:mm" she can stay until: no fraction ends later. Null: no limit.</param>
/// <param name="PreferredTime">Center time "HH:mm" she prefers: a tie-break among equally good plans. Null: no wish.</param>
[WireExample(PatientExamples.Patient)]
internal sealed record PatientResponse(
    string Id, string StudyId, string CenterId, int Arm, string DayOne, IReadOnlyList<LesionResponse> Lesions,
    long Version, PatientStatus Status, WithdrawalResponse? Withdrawal,
    string? AvailableFrom = null, string? AvailableUntil = null, string? PreferredTime = null);

internal sealed record LesionResponse(string Id, string Label, string? Site, double GreatestDiameterCm);

/// <param name="At">When it was recorded, UTC.</param>
/// <param name="Reason">Why, as given.</param>
internal sealed record WithdrawalResponse(string At, string Reason);
