using System.ComponentModel.DataAnnotations;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Patients;

/// <param name="Date">The local date she cannot come, "2026-12-11": today or later, center time.</param>
/// <param name="Reason">Why, in words a scheduler reads ("family wedding"); required, at most 500 characters. Named in the plan's history and in any protocol deviation it causes.</param>
internal sealed record AddAbsenceRequest([property: Required] string? Date, [property: Required] string? Reason);

/// <param name="Id">The absence's id.</param>
/// <param name="PatientId">The patient who cannot come.</param>
/// <param name="Date">The local date she cannot come.</param>
/// <param name="Reason">Why, as given.</param>
/// <param name="CreatedAt">When it was recorded, UTC.</param>
[WireExample(PatientExamples.Absence)]
internal sealed record AbsenceResponse(string Id, string PatientId, string Date, string Reason, string CreatedAt)
{
    public static AbsenceResponse From(AbsenceRow row) => new(row.Id, row.PatientId, row.Date, row.Reason, row.CreatedUtc);
}
