namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>Request bodies as the contract shows them; each can be sent as it is (ids aside).</summary>
internal static class Examples
{
    public const string CreateCenter = """
        { "name": "Weill Cornell Medicine", "timeZone": "America/New_York",
          "openDays": ["monday", "tuesday", "wednesday", "thursday", "friday"],
          "holidayCalendar": "us-federal" }
        """;

    public const string AddClosure = """{ "date": "2026-12-24", "reason": "Christmas Eve" }""";

    public const string CreateFeed = """{ "kind": "linac", "id": "0193a8c2d4e57f6a8b9c0d1e2f3a4b5c" }""";

    public const string CreateLinac = """
        { "name": "TrueBeam 1", "opensAt": "08:00", "closesAt": "18:00", "slotMinutes": 30, "beamGroup": "truebeam" }
        """;

    public const string UpdateLinac = """{ "beamGroup": "truebeam", "reason": "beam matched to TrueBeam 1 after commissioning" }""";

    public const string AddOpening = """
        { "date": "2026-12-19", "opensAt": "08:00", "closesAt": "10:00", "reason": "Saturday session for deviating plans" }
        """;

    public const string AddDowntime = """
        { "start": "2026-12-08T08:00", "end": "2026-12-08T18:00", "reason": "annual QA" }
        """;

    public const string CreatePatient = """
        { "studyId": "CIMER-017", "centerId": "<centerId from POST /api/v1/centers>", "arm": 2, "dayOne": "2026-12-07",
          "lesions": [ { "label": "T8 vertebra", "site": "bone", "greatestDiameterCm": 2.4 } ] }
        """;

    public const string CreatePlan = """{ "maxFractionsPerDay": 3, "beamGroup": "truebeam" }""";

    public const string AcceptProposal = """{ "reason": "room for a new patient agreed with the physicists" }""";

    public const string EditFraction = """{ "start": "2026-12-09T09:00:00-05:00", "pinned": true, "reason": "patient asked for a later slot" }""";

    public const string Replan = """{ "reason": "new CT after a fall" }""";

    public const string RecordDelivery = """{ "outcome": "delivered", "at": "2026-12-07T09:05:00-05:00" }""";

    public const string CreateWebhook = """
        { "url": "https://scheduling.example.org/hooks/sbrt", "events": ["plan.created", "plan.changed", "plan.cancelled"] }
        """;
}
