namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// Answers as the service gave them (day 1 Monday 2026-12-14): each wire type names its own with
/// <c>[WireExample]</c>, and Swagger UI shows it beside every 2xx of that type.
/// </summary>
internal static class PlanExamples
{
    public const string Plan = """
        { "id": "01a2507e8a617c128b91e7d38e81ff97", "patientId": "01a2507e88757c13adc2ee646b22bff4", "version": 2, "status": "draft", "dayOne": "2026-12-14",
          "window": { "start": "2026-12-14", "end": "2026-12-25", "deviationDays": 0, "closures": [ { "date": "2026-12-25", "reason": "Christmas Day" } ] },
          "fractions": [
            { "id": "01a2507e8a617b348fe03bf913cfac30", "lesionId": "01a2507e887679339524a31e26d08e79", "number": 1, "doseGy": 10, "linacId": "01a2507e85367fc19c3a8891bf6e4238",
              "start": "2026-12-14T08:00:00-05:00", "end": "2026-12-14T08:30:00-05:00", "status": "planned", "pinned": false, "unconfirmed": false },
            { "id": "01a2507e8a62739da550a0cb3d1a51f5", "lesionId": "01a2507e887679339524a31e26d08e79", "number": 2, "doseGy": 10, "linacId": "01a2507e85367fc19c3a8891bf6e4238",
              "start": "2026-12-16T08:00:00-05:00", "end": "2026-12-16T08:30:00-05:00", "status": "planned", "pinned": false, "unconfirmed": false },
            { "id": "01a2507e8a627af0bfdd06e8c5b7dfb2", "lesionId": "01a2507e887679339524a31e26d08e79", "number": 3, "doseGy": 10, "linacId": "01a2507e85367fc19c3a8891bf6e4238",
              "start": "2026-12-18T08:00:00-05:00", "end": "2026-12-18T08:30:00-05:00", "status": "planned", "pinned": false, "unconfirmed": false },
            { "id": "01a2507e8a6278248460b3c67e3acff1", "lesionId": "01a2507e887679339524a31e26d08e79", "number": 4, "doseGy": 10, "linacId": "01a2507e85367fc19c3a8891bf6e4238",
              "start": "2026-12-21T08:00:00-05:00", "end": "2026-12-21T08:30:00-05:00", "status": "planned", "pinned": false, "unconfirmed": false },
            { "id": "01a2507e8a6279d7aabab1e3d968bee1", "lesionId": "01a2507e887679339524a31e26d08e79", "number": 5, "doseGy": 10, "linacId": "01a2507e85367fc19c3a8891bf6e4238",
              "start": "2026-12-23T12:00:00-05:00", "end": "2026-12-23T12:30:00-05:00", "status": "planned", "pinned": true, "unconfirmed": false } ],
          "milestones": [ { "kind": "simulation", "date": "2026-12-07" }, { "kind": "letrozoleStart", "date": "2026-12-14" }, { "kind": "palbociclibStart", "date": "2027-01-03" } ],
          "summary": { "spanDays": 10, "visits": 5, "totalDoseGy": 50 },
          "explanation": [
            "Window: days 1-12 (2026-12-14 to 2026-12-25), no deviation.",
            "Span 10 days (2026-12-14 to 2026-12-23): no valid plan on this calendar is shorter.",
            "5 visits: the fewest any 10-day plan needs here (5 fractions at most 3 a day, each lesion once a day, need at least 5).",
            "Every lesion's fractions are at least 48 h apart in elapsed time; the shortest gap is 48 h 00 min (T8 vertebra, fractions 1-2). Lesions alternate day by day.",
            "Tie-breaks: earliest first fraction, then the same time of day at every visit where the linac is free, then earlier slots.",
            "CT simulation 2026-12-07, the earliest open day of the week before day 1; palbociclib from 2027-01-03 (day 21), 11 day(s) after the last fraction." ],
          "protocolDeviation": null, "attentionReason": null, "unconfirmed": false }
        """;
}
