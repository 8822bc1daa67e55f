namespace Cimer.Sbrt.Api.Feeds;

/// <summary>The feeds a token can grant, as the contract spells them in <c>kind</c>.</summary>
internal static class FeedKind
{
    /// <summary><c>GET /api/v1/linacs/{linacId}/calendar.ics</c>.</summary>
    public const string Linac = "linac";

    /// <summary><c>GET /api/v1/patients/{patientId}/calendar.ics</c>.</summary>
    public const string Patient = "patient";

    public static readonly IReadOnlyList<string> All = [Linac, Patient];

    /// <summary>The feed's path, relative to the service root.</summary>
    public static string PathOf(string kind, string targetId) =>
        $"/api/v1/{kind}s/{Uri.EscapeDataString(targetId)}/calendar.ics";
}
