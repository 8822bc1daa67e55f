using Microsoft.Net.Http.Headers;

namespace Cimer.Sbrt.Api.Web;

/// <summary>A plan's or a patient's version as a strong ETag <c>"3"</c>, and the <c>If-Match</c> check every change of one makes.</summary>
internal static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>Throws 428 when <c>If-Match</c> is missing, 412 when it names another version.</summary>
    public static void Require(HttpRequest request, long currentVersion, string what = "plan")
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            throw Problems.PreconditionRequired(what);
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            throw Problems.PreconditionFailed(currentVersion, what);
        }

        var current = new EntityTagHeaderValue(For(currentVersion));
        if (!tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true)))
        {
            throw Problems.PreconditionFailed(currentVersion, what);
        }
    }
}
