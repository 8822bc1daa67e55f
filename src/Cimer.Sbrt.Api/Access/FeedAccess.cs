using Cimer.Sbrt.Api.Web;

namespace Cimer.Sbrt.Api.Access;

/// <summary>What a feed request reads: one linac's or one patient's calendar, or the FHIR API.</summary>
internal enum FeedKind
{
    Linac,
    Patient,
    Fhir,
}

/// <param name="Kind">Which feed.</param>
/// <param name="Id">The linac or patient id from the route; null for FHIR.</param>
internal sealed record FeedRequest(FeedKind Kind, string? Id);

/// <summary>
/// The one place a feed request is authorised. Calendar clients cannot send headers, so the
/// access-control issue will grant a feed with a <c>?token=</c> checked here; until then every feed
/// is open, as every other endpoint is.
/// </summary>
internal interface IFeedAccess
{
    ValueTask<bool> AllowsAsync(HttpContext context, FeedRequest feed, CancellationToken ct);
}

/// <summary>
/// A calendar feed is granted to a bearer token with a read role, or to a valid, unrevoked
/// <c>?token=</c> minted for exactly that feed (<see cref="Feeds.FeedTokens"/>). FHIR stays role-only.
/// </summary>
internal sealed class TokenFeedAccess(Data.Database database) : IFeedAccess
{
    public async ValueTask<bool> AllowsAsync(HttpContext context, FeedRequest feed, CancellationToken ct)
    {
        if (feed.Kind == FeedKind.Fhir || feed.Id is null)
        {
            return feed.Kind == FeedKind.Fhir;
        }

        await using var connection = database.Open();
        var kind = feed.Kind == FeedKind.Linac ? Feeds.FeedKind.Linac : Feeds.FeedKind.Patient;
        return await Feeds.FeedAccess.CanReadAsync(context, connection, kind, feed.Id, ct);
    }
}

internal static class FeedAccess
{
    public static IServiceCollection AddFeedAccess(this IServiceCollection services) =>
        services.AddSingleton<IFeedAccess, TokenFeedAccess>();

    /// <summary>
    /// Asks <see cref="IFeedAccess"/> before the handler runs. A refusal is the unknown feed's 404, so
    /// a wrong or revoked token cannot be told from a feed that does not exist.
    /// </summary>
    public static TBuilder RequireFeedAccess<TBuilder>(this TBuilder builder, FeedKind kind, string? idRouteValue = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var id = idRouteValue is null ? null : http.GetRouteValue(idRouteValue) as string;
            var access = http.RequestServices.GetRequiredService<IFeedAccess>();
            if (!await access.AllowsAsync(http, new FeedRequest(kind, id), http.RequestAborted))
            {
                throw Problems.NotFound(kind == FeedKind.Patient ? "patient" : "linac", id ?? "");
            }

            return await next(context);
        });
}
