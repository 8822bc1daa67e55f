namespace Cimer.Sbrt.Api.Linacs;

/// <summary>
/// Answers as the service gave them (day 1 Monday 2026-12-14): each wire type names its own with
/// <c>[WireExample]</c>, and Swagger UI shows it beside every 2xx of that type.
/// </summary>
internal static class LinacExamples
{
    public const string Linac = """
        { "id": "01a2507e85367fc19c3a8891bf6e4238", "centerId": "01a2507e842778a7a7cf86d7283caea5", "name": "TrueBeam 1",
          "opensAt": "08:00", "closesAt": "18:00", "slotMinutes": 30, "beamGroup": "truebeam", "version": 1 }
        """;

    public const string Opening = """
        { "id": "01a2507e9c1d7b2cb8d8090a2f2eafa7", "linacId": "01a2507e85367fc19c3a8891bf6e4238",
          "date": "2026-12-19", "opensAt": "08:00", "closesAt": "10:00", "reason": "Saturday session for deviating plans", "slots": 4 }
        """;

    public const string Downtime = """
        { "id": "01a2507e952b7b2cb8d8090a2f2eafa6", "linacId": "01a2507e85367fc19c3a8891bf6e4238",
          "start": "2026-12-30T08:00", "end": "2026-12-30T18:00", "reason": "annual QA" }
        """;
}
