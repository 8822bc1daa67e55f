using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Feeds;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Slots;
using Cimer.Sbrt.Api.Webhooks;

namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>
/// Answers as the service gave them (one center, linac, patient and plan, day 1 Monday 2026-12-14),
/// by wire type: <see cref="ResponseExampleFilter"/> shows them beside every 2xx of that type.
/// </summary>
internal static class WireExamples
{
    public const string Center = """
        { "id": "01a2507e842778a7a7cf86d7283caea5", "name": "Weill Cornell Medicine", "timeZone": "America/New_York",
          "openDays": ["monday", "tuesday", "wednesday", "thursday", "friday"], "holidayCalendar": "us-federal" }
        """;

    public const string Closure = """{ "id": null, "date": "2026-12-25", "reason": "Christmas Day", "source": "us-federal" }""";

    public const string Linac = """
        { "id": "01a2507e85367fc19c3a8891bf6e4238", "centerId": "01a2507e842778a7a7cf86d7283caea5", "name": "TrueBeam 1",
          "opensAt": "08:00", "closesAt": "18:00", "slotMinutes": 30 }
        """;

    public const string Downtime = """
        { "id": "01a2507e952b7b2cb8d8090a2f2eafa6", "linacId": "01a2507e85367fc19c3a8891bf6e4238",
          "start": "2026-12-30T08:00", "end": "2026-12-30T18:00", "reason": "annual QA" }
        """;

    public const string Patient = """
        { "id": "01a2507e88757c13adc2ee646b22bff4", "studyId": "CIMER-017", "centerId": "01a2507e842778a7a7cf86d7283caea5", "arm": 2, "dayOne": "2026-12-14",
          "lesions": [ { "id": "01a2507e887679339524a31e26d08e79", "label": "T8 vertebra", "site": "bone", "greatestDiameterCm": 2.4 } ] }
        """;

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

    public const string Slot = """
        { "linacId": "01a2507e85367fc19c3a8891bf6e4238", "start": "2026-12-14T08:00:00-05:00", "end": "2026-12-14T08:30:00-05:00",
          "status": "booked", "planId": "01a2507e8a617c128b91e7d38e81ff97" }
        """;

    public const string AuditEntry = """
        { "id": 5, "at": "2026-12-07T12:33:20.602Z", "actor": "mchen", "actorRoles": ["physicist"], "action": "plan.edited", "entity": "plan",
          "entityId": "01a2507e8a617c128b91e7d38e81ff97",
          "old": { "id": "01a2507e8a617c128b91e7d38e81ff97", "version": 1, "status": "draft", "fractions": [ { "id": "01a2507e8a6279d7aabab1e3d968bee1", "number": 5, "start": "2026-12-23T08:00:00-05:00", "pinned": false } ] },
          "new": { "id": "01a2507e8a617c128b91e7d38e81ff97", "version": 2, "status": "draft", "fractions": [ { "id": "01a2507e8a6279d7aabab1e3d968bee1", "number": 5, "start": "2026-12-23T12:00:00-05:00", "pinned": true } ],
                   "changes": [ { "fractionId": "01a2507e8a6279d7aabab1e3d968bee1", "from": { "linacId": "01a2507e85367fc19c3a8891bf6e4238", "start": "2026-12-23T08:00:00-05:00" },
                                  "to": { "linacId": "01a2507e85367fc19c3a8891bf6e4238", "start": "2026-12-23T12:00:00-05:00" } } ] },
          "reason": "patient asked for noon" }
        """;

    public const string AuditPage = $$"""{ "page": 1, "pageSize": 50, "total": 1, "items": [ {{AuditEntry}} ] }""";

    public const string CreatedFeed = """
        { "id": "01a2507e9341722da7c13d353a50f1e5", "kind": "linac", "targetId": "01a2507e85367fc19c3a8891bf6e4238",
          "url": "https://sbrt.example.org/api/v1/linacs/01a2507e85367fc19c3a8891bf6e4238/calendar.ics?token=e0MIPRJ0H1VMFATJNCusiF97vIzPArLzGniZo_n1LeM",
          "createdAt": "2026-12-07T12:33:22.2412503Z" }
        """;

    public const string Feed = """
        { "id": "01a2507e9341722da7c13d353a50f1e5", "kind": "linac", "targetId": "01a2507e85367fc19c3a8891bf6e4238",
          "createdAt": "2026-12-07T12:33:22.2412503Z", "createdBy": "admin-jlee", "revokedAt": null }
        """;

    public const string CreatedWebhook = """
        { "id": "01a2507e945270348eb6624ec1a2c50f", "url": "https://scheduling.example.org/hooks/sbrt", "events": ["plan.created", "plan.changed", "plan.cancelled"],
          "secret": "whsec_54K/tDFUGiWPraUqFKuURNaOi77uiE1lnG2WUZ8anPc=", "createdAt": "2026-12-07T12:33:22.5161452Z" }
        """;

    public const string Webhook = """
        { "id": "01a2507e945270348eb6624ec1a2c50f", "url": "https://scheduling.example.org/hooks/sbrt", "events": ["plan.created", "plan.changed", "plan.cancelled"],
          "createdAt": "2026-12-07T12:33:22.5161452Z", "disabledAt": null }
        """;

    public const string DeliveryAttempt = """
        { "eventId": "msg_01a2507e8a617c128b91e7d38e81ff98", "type": "plan.changed", "attempt": 2, "at": "2026-12-07T12:33:31Z",
          "statusCode": 503, "error": null, "nextAttempt": "2026-12-07T12:33:52Z", "outcome": "retrying" }
        """;

    public const string LinacCalendar = """
        BEGIN:VCALENDAR
        METHOD:PUBLISH
        PRODID:-//CIMER//Cimer.Sbrt//EN
        REFRESH-INTERVAL;VALUE=DURATION:PT4H
        VERSION:2.0
        X-PUBLISHED-TTL:PT4H
        X-WR-CALNAME:TrueBeam 1 (Weill Cornell Medicine): SBRT bookings
        X-WR-TIMEZONE:America/New_York
        BEGIN:VTIMEZONE
        TZID:America/New_York
        X-LIC-LOCATION:America/New_York
        BEGIN:STANDARD
        DTSTART:20241103T020000
        RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
        TZNAME:EST
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:20250309T020000
        RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
        TZNAME:EDT
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        END:DAYLIGHT
        END:VTIMEZONE
        BEGIN:VEVENT
        DTEND;TZID=America/New_York:20261214T083000
        DTSTAMP:20261207T123319Z
        DTSTART;TZID=America/New_York:20261214T080000
        SEQUENCE:0
        STATUS:CONFIRMED
        SUMMARY:Booked
        UID:01a2507e8a617b348fe03bf913cfac30.linac@cimer-sbrt
        END:VEVENT
        END:VCALENDAR
        """;

    public const string PatientCalendar = """
        BEGIN:VCALENDAR
        METHOD:PUBLISH
        PRODID:-//CIMER//Cimer.Sbrt//EN
        REFRESH-INTERVAL;VALUE=DURATION:PT4H
        VERSION:2.0
        X-PUBLISHED-TTL:PT4H
        X-WR-CALNAME:CIMER-017: SBRT fractions
        X-WR-TIMEZONE:America/New_York
        BEGIN:VTIMEZONE
        TZID:America/New_York
        X-LIC-LOCATION:America/New_York
        BEGIN:STANDARD
        DTSTART:20241103T020000
        RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
        TZNAME:EST
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:20250309T020000
        RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
        TZNAME:EDT
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        END:DAYLIGHT
        END:VTIMEZONE
        BEGIN:VEVENT
        DTEND;TZID=America/New_York:20261214T083000
        DTSTAMP:20261207T123319Z
        DTSTART;TZID=America/New_York:20261214T080000
        LAST-MODIFIED:20261207T123319Z
        LOCATION:TrueBeam 1
        SEQUENCE:0
        STATUS:CONFIRMED
        SUMMARY:SBRT fraction 1/5\\, T8 vertebra
        UID:01a2507e8a617b348fe03bf913cfac30.patient@cimer-sbrt
        END:VEVENT
        END:VCALENDAR
        """;

    /// <summary>The example of each answer type; a list of one is shown as a list of its example.</summary>
    public static readonly IReadOnlyDictionary<Type, string> ByType = new Dictionary<Type, string>
    {
        [typeof(CenterResponse)] = Center,
        [typeof(ClosureResponse)] = Closure,
        [typeof(LinacResponse)] = Linac,
        [typeof(DowntimeResponse)] = Downtime,
        [typeof(PatientResponse)] = Patient,
        [typeof(PlanResponse)] = Plan,
        [typeof(SlotResponse)] = Slot,
        [typeof(AuditEntryResponse)] = AuditEntry,
        [typeof(AuditPageResponse)] = AuditPage,
        [typeof(CreatedFeedResponse)] = CreatedFeed,
        [typeof(FeedResponse)] = Feed,
        [typeof(CreatedWebhookResponse)] = CreatedWebhook,
        [typeof(WebhookResponse)] = Webhook,
        [typeof(DeliveryAttemptResponse)] = DeliveryAttempt,
    };
}
