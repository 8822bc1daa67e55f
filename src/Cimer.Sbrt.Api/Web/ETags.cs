using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Cimer.Sbrt.Api.Web;

/// <summary>A plan's or a patient's version as a strong ETag <c>"3"</c>, and the <c>If-Match</c> check every change of one makes.</summary>
internal static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>
    /// Throws 428 when <c>If-Match</c> is missing, 400 when it is not a list of quoted strong entity
    /// tags (a 412 would tell the client its tag is stale when it was never read), 412 when it names
    /// another version of the <paramref name="what"/> (a plan or a patient).
    /// </summary>
    public static void Require(HttpRequest request, long currentVersion, string what = "plan")
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            throw Problems.PreconditionRequired(what);
        }

        var tags = Parse(header);
        var current = new EntityTagHeaderValue(For(currentVersion));
        if (!tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true)))
        {
            throw Problems.PreconditionFailed(currentVersion, what);
        }
    }

    private static IList<EntityTagHeaderValue> Parse(StringValues header)
    {
        var sent = header.ToString().Trim();
        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count == 0)
        {
            throw Problems.BadIfMatch($"If-Match must be a quoted entity tag, as the ETag header gives it: send If-Match: {Quoted(sent)}, not If-Match: {sent}.");
        }

        if (tags.FirstOrDefault(t => t.IsWeak) is { } weak)
        {
            throw Problems.BadIfMatch($"If-Match: {weak} is a weak entity tag, which never matches a change: a strong one is required, If-Match: {weak.Tag}.");
        }

        return tags;
    }

    /// <summary>What the client most likely meant: <c>1</c> or <c>"1</c> as <c>"1"</c>.</summary>
    private static string Quoted(string sent) => $"\"{sent.Trim('"', ' ')}\"";
}
