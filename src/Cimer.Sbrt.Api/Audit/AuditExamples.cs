namespace Cimer.Sbrt.Api.Audit;

/// <summary>
/// Answers as the service gave them (day 1 Monday 2026-12-14): each wire type names its own with
/// <c>[WireExample]</c>, and Swagger UI shows it beside every 2xx of that type.
/// </summary>
internal static class AuditExamples
{
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
}
