using System.Text.Json;
using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Idempotency;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Webhooks;

internal static class WebhooksApi
{
    private const int MaxAttemptsShown = 1000;

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/webhooks").WithTags(ApiTags.Integration).RequireAuthorization(Policies.Admin);

        group.MapPost("/", CreateWebhook)
            .WithName(nameof(CreateWebhook))
            .WithSummary("Subscribe to plan events")
            .WithDescription("Events are POSTed to `url`, signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`), at least once and in order per plan; retried with backoff for 24 h; a 410 answer disables the subscription; redirects are not followed. The answer is the only one that shows `secret`. `url` may not carry a user name or password, nor reach loopback, link-local (cloud metadata), unspecified, multicast, broadcast or private addresses in any written form (`localhost`, `127.1`, `2130706433`, `[::ffff:127.0.0.1]`, `10.x`, `192.168.x`), unless `Webhooks:AllowedNetworks` opens a loopback or private range (link-local never); a host name is checked on every delivery, against the addresses it resolves to.")
            .WithRequestExample("""{ "url": "https://ehr.example.org/hooks/sbrt", "events": ["plan.created", "plan.changed", "fraction.missed"] }""")
            .WithSecretAnswer()
            .ProducesValidationProblem();

        group.MapGet("/", ListWebhooks)
            .WithName(nameof(ListWebhooks))
            .WithSummary("List subscriptions")
            .WithDescription("Every subscription, without its secret.");

        group.MapGet("/{webhookId}", GetWebhook)
            .WithName(nameof(GetWebhook))
            .WithSummary("Read a subscription")
            .WithDescription("The subscription, without its secret.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{webhookId}", DeleteWebhook)
            .WithName(nameof(DeleteWebhook))
            .WithSummary("Unsubscribe")
            .WithDescription("Stops deliveries at once; pending ones are dropped with the subscription's attempts.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{webhookId}/deliveries", ListDeliveries)
            .WithName(nameof(ListDeliveries))
            .WithSummary("Delivery attempts")
            .WithDescription("Every attempt, by event then attempt number: status code or error, the next attempt, and the outcome (delivered, retrying, failed, disabled).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Results<Created<CreatedWebhookResponse>, ValidationProblem>> CreateWebhook(
        CreateWebhookRequest body, Actor actor, Database database, WebhookAddressPolicy addresses, IClock clock, IDataProtectionProvider protection,
        CancellationToken ct)
    {
        var errors = new FieldErrors();
        var url = errors.Text("url", body.Url, maxLength: 2000);
        if (url is not null)
        {
            var uri = Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps) ? parsed : null;
            if ((uri is null ? "An absolute http or https URL." : addresses.Refusal(uri)) is { } refusal)
            {
                errors.Add("url", refusal);
            }
        }

        var events = body.Events?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (events.Count == 0)
        {
            errors.Add("events", $"At least one of: {string.Join(", ", WebhookEvents.All)}.");
        }

        foreach (var unknown in events.Where(e => !WebhookEvents.All.Contains(e)))
        {
            errors.Add("events", $"Unknown event \"{unknown}\"; use {string.Join(", ", WebhookEvents.All)}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var secret = WebhookSecrets.New();
        var row = new SubscriptionRow
        {
            Id = Ids.New(),
            Url = url!,
            Events = JsonSerializer.Serialize(events),
            Secret = WebhookSecrets.Seal(protection, secret),
            CreatedUtc = WireFormat.ToUtc(clock.GetCurrentInstant()),
        };
        await database.WriteAsync(async (connection, transaction) =>
        {
            await WebhookStore.AddAsync(connection, transaction, row, ct);
            // The secret is never in the audit trail: the subscription as GET shows it.
            await AuditTrail.RecordAsync(connection, transaction, actor, clock.GetCurrentInstant(),
                new AuditEntry("webhook.created", AuditEntities.Webhook, row.Id, null, From(row), null), ct);
        }, ct);
        return TypedResults.Created($"/api/v1/webhooks/{row.Id}", new CreatedWebhookResponse(row.Id, row.Url, events, secret, row.CreatedUtc));
    }

    internal static async Task<Ok<IReadOnlyList<WebhookResponse>>> ListWebhooks(Database database, CancellationToken ct)
    {
        var rows = await database.ReadAsync(connection => WebhookStore.AllAsync(connection, ct));
        return TypedResults.Ok<IReadOnlyList<WebhookResponse>>([.. rows.Select(From)]);
    }

    internal static async Task<Ok<WebhookResponse>> GetWebhook(string webhookId, Database database, CancellationToken ct) =>
        TypedResults.Ok(From(await database.ReadAsync(connection => FindAsync(connection, webhookId, ct))));

    internal static async Task<NoContent> DeleteWebhook(string webhookId, Actor actor, Database database, IClock clock, CancellationToken ct)
    {
        await database.WriteAsync(async (connection, transaction) =>
        {
            var existing = await WebhookStore.FindAsync(connection, webhookId, ct, transaction);
            if (existing is null || !await WebhookStore.DeleteAsync(connection, transaction, webhookId, ct))
            {
                throw Problems.NotFound("webhook", webhookId);
            }

            await AuditTrail.RecordAsync(connection, transaction, actor, clock.GetCurrentInstant(),
                new AuditEntry("webhook.deleted", AuditEntities.Webhook, webhookId, From(existing), null, null), ct);
        }, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<IReadOnlyList<DeliveryAttemptResponse>>> ListDeliveries(string webhookId, Database database, CancellationToken ct)
    {
        var attempts = await database.ReadAsync(async connection =>
        {
            await FindAsync(connection, webhookId, ct);
            return await WebhookStore.AttemptsAsync(connection, webhookId, MaxAttemptsShown, ct);
        });
        return TypedResults.Ok<IReadOnlyList<DeliveryAttemptResponse>>([.. attempts.Select(a => new DeliveryAttemptResponse(
            a.EventId, a.Type, a.Attempt, a.AtUtc, (int?)a.StatusCode, a.Error, a.NextAttemptUtc, a.Outcome))]);
    }

    private static async Task<SubscriptionRow> FindAsync(DbConnection connection, string id, CancellationToken ct) =>
        await WebhookStore.FindAsync(connection, id, ct) ?? throw Problems.NotFound("webhook", id);

    private static WebhookResponse From(SubscriptionRow row) =>
        new(row.Id, row.Url, JsonSerializer.Deserialize<string[]>(row.Events) ?? [], row.CreatedUtc, row.DisabledUtc);
}
