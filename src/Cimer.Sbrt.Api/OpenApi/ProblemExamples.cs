namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>Refusals as the service gives them (traceId left out), shown beside each 4xx.</summary>
internal static class ProblemExamples
{
    public const string FieldErrors = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "The request is not valid.", "status": 400,
          "detail": "See errors for what to change.",
          "errors": { "start": ["\"2026-12-23 12:00\" is not a moment with its offset such as \"2026-12-07T09:00:00-05:00\"."], "reason": ["Required."] } }
        """;

    public const string UnknownField = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "The request is not valid.", "status": 400,
          "detail": "See errors for what to change.",
          "errors": { "holidays": ["Unknown field 'holidays': this request has no such field (check its spelling and case in the schema)."] } }
        """;

    public const string UnknownEnumValue = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "The request is not valid.", "status": 400,
          "detail": "See errors for what to change.",
          "errors": { "outcome": ["'given' is not one of: delivered, missed."] } }
        """;

    public const string BadQuery = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "The request is not valid.", "status": 400,
          "detail": "See errors for what to change.",
          "errors": { "from": ["\"12/14/2026\" is not a date such as \"2026-12-07\"."] } }
        """;

    public const string Unauthorized = """{ "type": "https://tools.ietf.org/html/rfc9110#section-15.5.2", "title": "Unauthorized", "status": 401 }""";

    public const string Conflict = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.10", "title": "Conflict", "status": 409,
          "detail": "Another request took the same slot or id at the same moment; nothing was changed. Read again and retry." }
        """;

    public const string PlanExists = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.10", "title": "Conflict", "status": 409,
          "detail": "The patient already has plan '01a2507e8a617c128b91e7d38e81ff97'. Re-plan or cancel it instead." }
        """;

    public const string FractionRecorded = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.10", "title": "Conflict", "status": 409,
          "detail": "The fraction is already recorded as delivered: it is history and cannot change." }
        """;

    public const string PlanCancelled = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.10", "title": "Conflict", "status": 409,
          "detail": "The plan is cancelled; plan the patient again instead." }
        """;

    public const string StaleIfMatch = """
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.13", "title": "Stale If-Match", "status": 412,
          "detail": "The plan has changed since you read it: it is now at version 2. GET it again and retry.", "currentVersion": 2 }
        """;

    public const string IfMatchRequired = """
        { "title": "If-Match required", "status": 428,
          "detail": "Send If-Match with the plan's ETag (from GET) so a change never overwrites one you have not seen." }
        """;

    public const string Infeasible = """
        { "type": "https://tools.ietf.org/html/rfc4918#section-11.2", "title": "A scheduling rule cannot be met", "status": 422,
          "detail": "15 fractions with at most 1 a day do not fit the 10 open days of the window (2027-01-04 to 2027-01-15) with 48 h between a lesion's fractions.",
          "code": "dailyCapTooLow",
          "violations": [ { "rule": "dailyCap", "message": "At most 1 fractions a day on 10 open days give at most 10 fractions; 15 are needed.",
                            "fractionId": null, "lesionId": null, "date": "2027-01-15" } ],
          "suggestions": [ { "kind": "maxFractionsPerDay", "message": "A daily cap of 2 fractions makes the plan feasible with the same day 1.",
                             "dayOne": null, "maxFractionsPerDay": 2 } ] }
        """;

    public const string EditBreaksRules = """
        { "type": "https://tools.ietf.org/html/rfc4918#section-11.2", "title": "A scheduling rule cannot be met", "status": 422,
          "detail": "The change breaks 1 scheduling rule; nothing was changed.", "code": "editBreaksRules",
          "violations": [ { "rule": "gap48h", "message": "Fraction on 2026-12-17 08:00 is 24 h after the one before of the same lesion; at least 48 h of elapsed time are required.",
                            "fractionId": "01a2507e8a627af0bfdd06e8c5b7dfb2", "lesionId": "01a2507e887679339524a31e26d08e79", "date": "2026-12-17" } ],
          "suggestions": [] }
        """;

    public const string DeliveryInFuture = """
        { "type": "https://tools.ietf.org/html/rfc4918#section-11.2", "title": "A scheduling rule cannot be met", "status": 422,
          "detail": "A fraction cannot be recorded before it happens: 2026-12-14T08:00:00-05:00 is after now (2026-12-11T10:12:00-05:00).", "code": "deliveryInFuture",
          "violations": [ { "rule": "notInPast", "message": "The delivery moment is in the future.",
                            "fractionId": "01a2507e8a617b348fe03bf913cfac30", "lesionId": "01a2507e887679339524a31e26d08e79", "date": "2026-12-14" } ],
          "suggestions": [] }
        """;

    public const string IdempotencyKeyReused = """
        { "type": "https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/", "title": "Idempotency-Key already used for another request", "status": 422,
          "detail": "This key was used in the last 24 hours with another method, path or body. Use a new key for a new request.",
          "code": "idempotencyKeyReused", "violations": [] }
        """;

    public static string NotFound(string what) => $$"""
        { "type": "https://tools.ietf.org/html/rfc9110#section-15.5.5", "title": "Not found", "status": 404,
          "detail": "No {{what}} with id '01a2507e8a617c128b91e7d38e81ff00'." }
        """;

    public static string Forbidden(IEnumerable<string> required, IEnumerable<string> yours) =>
        System.Text.Json.JsonSerializer.Serialize(Access.RoleRefusals.Problem(required.ToList(), yours.ToList()), ExampleJson);

    private static readonly System.Text.Json.JsonSerializerOptions ExampleJson = new(System.Text.Json.JsonSerializerDefaults.Web);
}
