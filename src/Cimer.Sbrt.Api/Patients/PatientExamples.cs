namespace Cimer.Sbrt.Api.Patients;

/// <summary>
/// Request bodies of the patient changes as the README shows them; each can be sent as it is (ids aside).
/// <see cref="Patient"/> is an answer as the service gave it, shown beside every 2xx of <see cref="PatientResponse"/>.
/// </summary>
internal static class PatientExamples
{
    public const string CorrectPatient = """
        { "dayOne": "2026-12-09",
          "lesions": [ { "id": "<lesion id from GET /api/v1/patients/{patientId}>", "label": "T8 vertebra", "site": "bone", "greatestDiameterCm": 2.6 },
                       { "label": "Left iliac crest", "site": "bone", "greatestDiameterCm": 1.8 } ],
          "reason": "day 1 mistyped at enrolment; second lesion found on the planning CT" }
        """;

    public const string WithdrawPatient = """{ "reason": "patient withdrew consent" }""";

    public const string AddAbsence = """{ "date": "2026-12-18", "reason": "family wedding out of town" }""";

    public const string Absence = """
        { "id": "01a2507e8c1b7d2a9e4f0b6c3d5e7f81", "patientId": "01a2507e88757c13adc2ee646b22bff4", "date": "2026-12-18",
          "reason": "family wedding out of town", "createdAt": "2026-12-10T15:04:12Z" }
        """;

    public const string Patient = """
        { "id": "01a2507e88757c13adc2ee646b22bff4", "studyId": "CIMER-017", "centerId": "01a2507e842778a7a7cf86d7283caea5", "arm": 2, "dayOne": "2026-12-14",
          "lesions": [ { "id": "01a2507e887679339524a31e26d08e79", "label": "T8 vertebra", "site": "bone", "greatestDiameterCm": 2.4 } ],
          "version": 1, "status": "enrolled", "withdrawal": null, "availableFrom": "13:00", "availableUntil": null, "preferredTime": "14:00" }
        """;
}
