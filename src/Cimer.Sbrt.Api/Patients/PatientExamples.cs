namespace Cimer.Sbrt.Api.Patients;

/// <summary>Request bodies of the patient changes as the README shows them; each can be sent as it is (ids aside).</summary>
internal static class PatientExamples
{
    public const string CorrectPatient = """
        { "dayOne": "2026-12-09",
          "lesions": [ { "id": "<lesion id from GET /api/v1/patients/{patientId}>", "label": "T8 vertebra", "site": "bone", "greatestDiameterCm": 2.6 },
                       { "label": "Left iliac crest", "site": "bone", "greatestDiameterCm": 1.8 } ],
          "reason": "day 1 mistyped at enrolment; second lesion found on the planning CT" }
        """;

    public const string WithdrawPatient = """{ "reason": "patient withdrew consent" }""";
}
