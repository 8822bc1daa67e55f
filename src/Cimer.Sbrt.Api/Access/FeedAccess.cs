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

internal sealed class OpenFeedAccess : IFeedAccess
{
    public ValueTask<bool> AllowsAsync(HttpContext context, FeedRequest feed, CancellationToken ct) => ValueTask.FromResult(true);
}

internal static class FeedAccess
{
    public static IServiceCollection AddFeedAccess(this IServiceCollection services) =>
        services.AddSingleton<IFeedAccess, OpenFeedAccess>();

    /// <summary>Asks <see cref="IFeedAccess"/> before the handler runs; a refusal is a 403 and the handler never runs.</summary>
    public static TBuilder RequireFeedAccess<TBuilder>(this TBuilder builder, FeedKind kind, string? idRouteValue = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var id = idRouteValue is null ? null : http.GetRouteValue(idRouteValue) as string;
            var access = http.RequestServices.GetRequiredService<IFeedAccess>();
            if (!await access.AllowsAsync(http, new FeedRequest(kind, id), http.RequestAborted))
            {
                throw new ProblemException(StatusCodes.Status403Forbidden, "Forbidden", "This feed is not granted to the caller.");
            }

            return await next(context);
        });
}
