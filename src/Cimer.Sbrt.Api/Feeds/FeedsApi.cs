using System.Security.Claims;
using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Idempotency;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Feeds;

internal static class FeedsApi
{
    public static RouteGroupBuilder MapFeeds(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/feeds").WithTags(ApiTags.Integration).RequireAuthorization(Policies.Admin);

        group.MapPost("", CreateFeed)
            .WithName(nameof(CreateFeed))
            .WithSummary("Issue a feed URL for a calendar client")
            .WithDescription("A URL with `?token=` that lets a calendar client, which cannot send headers, read one linac's or one patient's `calendar.ics`. The token is 32 random bytes, stored only as its SHA-256: this response is the only place it appears.")
            .WithRequestExample(Examples.CreateFeed)
            .WithSecretAnswer()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("", ListFeeds)
            .WithName(nameof(ListFeeds))
            .WithSummary("List feed tokens")
            .WithDescription("Every feed token ever issued, revoked ones included, oldest first; never the token itself.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapDelete("/{feedId}", RevokeFeed)
            .WithName(nameof(RevokeFeed))
            .WithSummary("Revoke a feed token")
            .WithDescription("From now on its URL answers 404, as an unknown feed does. Revoking twice is fine.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    internal static async Task<Results<Created<CreatedFeedResponse>, ValidationProblem>> CreateFeed(
        CreateFeedRequest body, HttpContext http, Actor actor, Database database, IClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var kind = errors.Text("kind", body.Kind);
        var targetId = errors.Text("id", body.Id);
        if (kind is not null && !FeedKind.All.Contains(kind))
        {
            errors.Add("kind", EnumNames.NotOneOf(kind, FeedKind.All));
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var token = FeedTokens.NewToken();
        var feed = new FeedRow
        {
            Id = Ids.New(),
            Kind = kind!,
            TargetId = targetId!,
            CreatedUtc = WireFormat.ToUtc(clock.GetCurrentInstant()),
            CreatedBy = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown",
        };
        await database.WriteAsync(async (connection, transaction) =>
        {
            // Each lookup throws the 404 problem of an unknown linac or patient.
            if (feed.Kind == FeedKind.Linac)
            {
                await LinacStore.GetAsync(connection, feed.TargetId, ct, transaction);
            }
            else
            {
                await PatientStore.GetAsync(connection, feed.TargetId, ct, transaction);
            }

            await FeedTokens.AddAsync(connection, transaction, feed, FeedTokens.Hash(token), ct);
            // The token and its URL never enter the audit trail: the feed as GET /feeds lists it.
            await AuditTrail.RecordAsync(connection, transaction, actor, clock.GetCurrentInstant(),
                new AuditEntry("feed.created", AuditEntities.Feed, feed.Id, null, ToResponse(feed), null), ct);
        }, ct);

        // Scheme and host as the client saw them: UseForwardedHeaders has applied X-Forwarded-Proto.
        var request = http.Request;
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}{FeedKind.PathOf(feed.Kind, feed.TargetId)}?{FeedAccess.TokenParameter}={token}";
        return TypedResults.Created($"/api/v1/feeds/{feed.Id}", new CreatedFeedResponse(feed.Id, feed.Kind, feed.TargetId, url, feed.CreatedUtc));
    }

    internal static async Task<Ok<IReadOnlyList<FeedResponse>>> ListFeeds(Database database, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<FeedResponse>>([.. (await database.ReadAsync(c => FeedTokens.AllAsync(c, ct)))
            .Select(ToResponse)]);

    /// <summary>Revokes a feed token; the first revocation is audited, a second changes nothing.</summary>
    internal static async Task<NoContent> RevokeFeed(string feedId, Actor actor, Database database, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var revokedUtc = WireFormat.ToUtc(now);
        await database.WriteAsync(async (connection, transaction) =>
        {
            var before = await FeedTokens.FindAsync(connection, transaction, feedId, ct) ?? throw Problems.NotFound("feed", feedId);
            await FeedTokens.RevokeAsync(connection, transaction, feedId, revokedUtc, ct);
            if (before.RevokedUtc is null)
            {
                var after = await FeedTokens.FindAsync(connection, transaction, feedId, ct);
                await AuditTrail.RecordAsync(connection, transaction, actor, now,
                    new AuditEntry("feed.revoked", AuditEntities.Feed, feedId, ToResponse(before), ToResponse(after!), null), ct);
            }
        }, ct);
        return TypedResults.NoContent();
    }

    private static FeedResponse ToResponse(FeedRow f) => new(f.Id, f.Kind, f.TargetId, f.CreatedUtc, f.CreatedBy, f.RevokedUtc);
}
