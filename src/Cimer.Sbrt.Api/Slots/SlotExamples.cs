namespace Cimer.Sbrt.Api.Slots;

/// <summary>
/// Answers as the service gave them (day 1 Monday 2026-12-14): each wire type names its own with
/// <c>[WireExample]</c>, and Swagger UI shows it beside every 2xx of that type.
/// </summary>
internal static class SlotExamples
{
    public const string Slot = """
        { "linacId": "01a2507e85367fc19c3a8891bf6e4238", "start": "2026-12-14T08:00:00-05:00", "end": "2026-12-14T08:30:00-05:00",
          "status": "booked", "planId": "01a2507e8a617c128b91e7d38e81ff97" }
        """;
}
