using System.Data;
using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;

namespace Cimer.Sbrt.Api.Feeds;

/// <summary>
/// Who may read an iCalendar feed. Calendar clients cannot send headers, so the ICS endpoints are
/// mapped with <c>AllowAnonymous()</c> and decide here instead of through a policy:
/// <list type="bullet">
/// <item>an authenticated user with a read role (<see cref="Policies.Read"/>: any of the four) may read any feed;</item>
/// <item>anyone else must present <c>?token=</c> that <see cref="FeedTokens.IsGrantedAsync"/> accepts for exactly that feed;</item>
/// <item>otherwise the answer is the 404 problem of an unknown linac or patient, never 401 or 403,
/// so a wrong or revoked token cannot be told apart from a feed that does not exist.</item>
/// </list>
/// An ICS endpoint is mapped with <see cref="RequireFeedAccess"/>, which asks before the handler runs;
/// code that already holds a connection calls <see cref="EnsureCanReadAsync"/>:
/// <code>await FeedAccess.EnsureCanReadAsync(http, connection, FeedKind.Linac, linacId, ct);</code>
/// </summary>
internal static class FeedAccess
{
    /// <summary>The query parameter that carries a feed token.</summary>
    public const string TokenParameter = "token";

    /// <summary>Whether the request may read the feed <paramref name="kind"/>/<paramref name="targetId"/>; see the class remarks.</summary>
    public static async Task<bool> CanReadAsync(HttpContext http, IDbConnection connection, string kind, string targetId, CancellationToken ct)
    {
        if (http.User.Identity?.IsAuthenticated == true && Policies.RolesOf[Policies.Read].Any(http.User.IsInRole))
        {
            return true;
        }

        var tokens = http.Request.Query[TokenParameter];
        return tokens.Count == 1 && await FeedTokens.IsGrantedAsync(connection, kind, targetId, tokens[0], ct);
    }

    /// <summary>
    /// <see cref="CanReadAsync"/>, throwing the unknown feed's 404 problem (the same one the
    /// linac's or patient's own lookup throws) when the answer is no.
    /// </summary>
    public static async Task EnsureCanReadAsync(HttpContext http, IDbConnection connection, string kind, string targetId, CancellationToken ct)
    {
        if (!await CanReadAsync(http, connection, kind, targetId, ct))
        {
            throw Problems.NotFound(kind, targetId);
        }
    }

    /// <summary>
    /// Asks <see cref="CanReadAsync"/> before the handler runs, for the feed <paramref name="kind"/>
    /// whose target id is the route value <paramref name="idRouteValue"/>. A refusal is the unknown
    /// feed's 404, so a wrong or revoked token cannot be told from a feed that does not exist.
    /// </summary>
    public static TBuilder RequireFeedAccess<TBuilder>(this TBuilder builder, string kind, string idRouteValue)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var id = http.GetRouteValue(idRouteValue) as string;
            if (id is null || !await AllowsAsync(http, kind, id, http.RequestAborted))
            {
                throw Problems.NotFound(kind, id ?? "");
            }

            return await next(context);
        });

    private static async Task<bool> AllowsAsync(HttpContext http, string kind, string targetId, CancellationToken ct)
    {
        await using var connection = await http.RequestServices.GetRequiredService<Database>().OpenAsync(ct);
        return await CanReadAsync(http, connection, kind, targetId, ct);
    }
}
