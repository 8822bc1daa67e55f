namespace Cimer.Sbrt.Api.Centers;

/// <summary>
/// Answers as the service gave them (day 1 Monday 2026-12-14): each wire type names its own with
/// <c>[WireExample]</c>, and Swagger UI shows it beside every 2xx of that type.
/// </summary>
internal static class CenterExamples
{
    public const string Center = """
        { "id": "01a2507e842778a7a7cf86d7283caea5", "name": "Weill Cornell Medicine", "timeZone": "America/New_York",
          "openDays": ["monday", "tuesday", "wednesday", "thursday", "friday"], "holidayCalendar": "us-federal" }
        """;

    public const string Closure = """{ "id": null, "date": "2026-12-25", "reason": "Christmas Day", "source": "us-federal" }""";
}
