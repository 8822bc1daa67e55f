namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>Answers of the days-that-follow endpoints (disruptions, start dates, worklist), as the service gives them.</summary>
internal static class DaysExamples
{
    public const string DowntimeAdded = """
        { "id": "0193a1f0c2d47c3b9e1f5a6b7c8d9e0f", "linacId": "0193a1e8aa117000b0c0d0e0f0a0b0c0",
          "start": "2026-12-08T08:00", "end": "2026-12-08T18:00", "reason": "annual QA",
          "impact": { "plans": [
            { "planId": "0193a1e9b2c37000a1b2c3d4e5f60718", "outcome": "replanned",
              "changes": [ { "fractionId": "0193a1e9b2c37001a1b2c3d4e5f60718",
                             "from": { "linacId": "0193a1e8aa117000b0c0d0e0f0a0b0c0", "start": "2026-12-08T08:00:00-05:00" },
                             "to": { "linacId": "0193a1e8aa117000b0c0d0e0f0a0b0c0", "start": "2026-12-09T08:00:00-05:00" } } ],
              "protocolDeviation": null, "reason": null, "openingSuggestions": [] },
            { "planId": "0193a1ea01d47000b2c3d4e5f6071829", "outcome": "needsAttention", "changes": [], "protocolDeviation": null,
              "reason": "The new downtime of TrueBeam 1 2026-12-08T08:00..2026-12-08T18:00 (annual QA) covers a fraction the solver must not move. Delivered or pinned fractions already break a rule; a person must move or unpin them before the rest can be planned. The pinned fraction at 2026-12-08 09:00 cannot be given: TrueBeam 1 is down then (annual QA). Move or unpin it.",
              "openingSuggestions": [ { "date": "2026-12-18", "linacId": "0193a1e8aa117000b0c0d0e0f0a0b0c0", "opensAt": "18:00", "closesAt": "18:30", "minutes": 30 } ] } ] } }
        """;

    public const string ClosureAdded = """
        { "id": "0193a1f0c2d47c3b9e1f5a6b7c8d9e10", "date": "2026-12-16", "reason": "snow day", "source": "manual",
          "impact": { "plans": [
            { "planId": "0193a1e9b2c37000a1b2c3d4e5f60718", "outcome": "replanned",
              "changes": [ { "fractionId": "0193a1e9b2c37003a1b2c3d4e5f60718",
                             "from": { "linacId": "0193a1e8aa117000b0c0d0e0f0a0b0c0", "start": "2026-12-16T08:00:00-05:00" },
                             "to": { "linacId": "0193a1e8aa117000b0c0d0e0f0a0b0c0", "start": "2026-12-17T08:00:00-05:00" } } ],
              "protocolDeviation": null, "reason": null, "openingSuggestions": [] } ] } }
        """;

    public const string StartDates = """
        [ { "dayOne": "2027-01-04", "feasible": true, "deviationDays": 0, "spanDays": 9, "visits": 5,
            "firstFraction": "2027-01-04T08:00:00-05:00", "lastFraction": "2027-01-12T08:00:00-05:00", "code": null, "reason": null },
          { "dayOne": "2027-01-05", "feasible": false, "deviationDays": null, "spanDays": null, "visits": null,
            "firstFraction": null, "lastFraction": null, "code": "linacsUnavailable",
            "reason": "The center's calendar allows a plan, but the linacs' bookings, downtime or time already past leave no valid set of slots in the window." } ]
        """;

    public const string Worklist = """
        { "date": "2026-12-09",
          "fractions": [ { "fractionId": "0193a1e9b2c37001a1b2c3d4e5f60718", "planId": "0193a1e9b2c37000a1b2c3d4e5f60718", "studyId": "CIMER-017",
                           "lesionId": "0193a1e7f0a17000a0b0c0d0e0f0a0b1", "lesionLabel": "T8 vertebra", "number": 2,
                           "linacId": "0193a1e8aa117000b0c0d0e0f0a0b0c0", "linacName": "TrueBeam 1",
                           "start": "2026-12-09T08:00:00-05:00", "end": "2026-12-09T08:30:00-05:00", "status": "planned", "pinned": false, "flaggedAt": null } ],
          "unconfirmed": [ { "fractionId": "0193a1e9b2c37000a1b2c3d4e5f60719", "planId": "0193a1ea01d47000b2c3d4e5f6071829", "studyId": "CIMER-018",
                             "lesionId": "0193a1e7f0a17000a0b0c0d0e0f0a0b2", "lesionLabel": "Liver segment 6", "number": 1,
                             "linacId": "0193a1e8aa117000b0c0d0e0f0a0b0c0", "linacName": "TrueBeam 1",
                             "start": "2026-12-08T09:00:00-05:00", "end": "2026-12-08T09:30:00-05:00", "status": "planned", "pinned": false,
                             "flaggedAt": "2026-12-08T21:00:00-05:00" } ],
          "needsAttention": [ { "planId": "0193a1ea01d47000b2c3d4e5f6071829", "patientId": "0193a1e7f0a17000a0b0c0d0e0f0a0c3", "studyId": "CIMER-018",
                                "reason": "The new downtime of TrueBeam 1 2026-12-10T08:00..2026-12-10T12:00 (repair) covers a fraction the solver must not move. ..." } ],
          "protocolDeviations": [ { "planId": "0193a1eb11d47000b2c3d4e5f607182a", "patientId": "0193a1e7f0a17000a0b0c0d0e0f0a0c4", "studyId": "CIMER-009", "status": "active",
                                    "protocolDeviation": { "daysPastWindow": 3, "causes": [ { "kind": "missedFraction", "id": "0193a1eb11d47004b2c3d4e5f607182a", "date": "2026-12-18" } ] } } ] }
        """;
}
