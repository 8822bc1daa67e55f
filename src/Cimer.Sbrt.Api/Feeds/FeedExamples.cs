namespace Cimer.Sbrt.Api.Feeds;

/// <summary>
/// Answers as the service gave them (day 1 Monday 2026-12-14): each wire type names its own with
/// <c>[WireExample]</c>, and Swagger UI shows it beside every 2xx of that type.
/// </summary>
internal static class FeedExamples
{
    public const string CreatedFeed = """
        { "id": "01a2507e9341722da7c13d353a50f1e5", "kind": "linac", "targetId": "01a2507e85367fc19c3a8891bf6e4238",
          "url": "https://sbrt.example.org/api/v1/linacs/01a2507e85367fc19c3a8891bf6e4238/calendar.ics?token=e0MIPRJ0H1VMFATJNCusiF97vIzPArLzGniZo_n1LeM",
          "createdAt": "2026-12-07T12:33:22.2412503Z" }
        """;

    public const string Feed = """
        { "id": "01a2507e9341722da7c13d353a50f1e5", "kind": "linac", "targetId": "01a2507e85367fc19c3a8891bf6e4238",
          "createdAt": "2026-12-07T12:33:22.2412503Z", "createdBy": "admin-jlee", "revokedAt": null }
        """;
}
