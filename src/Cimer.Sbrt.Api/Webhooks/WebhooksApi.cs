using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Webhooks;

internal static class WebhooksApi
{
    public const int MaxUrlLength = 2000, DefaultDeliveries = 100, MaxDeliveries = 1000;

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/webhooks").WithTags("Webhooks");

        group.MapPost("/", CreateWebhook)
            .WithName(nameof(CreateWebhook))
            .WithSummary("Subscribe to plan events")
            .WithDescription("Every change to a plan writes its events in the change's own transaction; each is then posted to `url` at least once, in order per plan, signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of \"{id}.{timestamp}.{body}\">` keyed with the secret's bytes after `whsec_`). 2xx is delivered, 410 disables the subscription, anything else is retried with exponential backoff and jitter for 24 h, honouring Retry-After. The answer carries the `secret`, shown only this once.")
            .WithRequestExample(Examples.CreateWebhook)
            .ProducesValidationProblem();

        group.MapGet("/{webhookId}", GetWebhook)
            .WithName(nameof(GetWebhook))
            .WithSummary("Read a webhook subscription")
            .WithDescription("The subscription without its secret; `status` is `disabled` once the receiver answered 410 Gone.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{webhookId}", DeleteWebhook)
            .WithName(nameof(DeleteWebhook))
            .WithSummary("Unsubscribe")
            .WithDescription("Stops every delivery of the subscription, pending ones included.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{webhookId}/deliveries", ListDeliveries)
            .WithName(nameof(ListDeliveries))
            .WithSummary("The subscription's deliveries and their attempts")
            .WithDescription($"Newest event first, at most `limit` (default {DefaultDeliveries}, at most {MaxDeliveries}), each with every attempt: when, the status code or the error, how long.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    internal static async Task<Results<Created<CreatedWebhookResponse>, ValidationProblem>> CreateWebhook(
        CreateWebhookRequest body, Database database, IClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var url = CheckUrl(errors, body.Url);
        var events = CheckEvents(errors, body.Events);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var row = new SubscriptionRow
        {
            Id = Ids.New(),
            Url = url!,
            Events = string.Join(',', events),
            Secret = WebhookSignature.NewSecret(),
            Status = "active",
            CreatedUtc = WireFormat.ToUtc(clock.GetCurrentInstant()),
        };
        await database.WriteAsync((connection, transaction) => WebhookStore.AddAsync(connection, transaction, row, ct), ct);
        return TypedResults.Created($"/api/v1/webhooks/{row.Id}", new CreatedWebhookResponse(row.Id, row.Url, events, row.Status, row.CreatedUtc, row.Secret));
    }

    internal static async Task<Ok<WebhookResponse>> GetWebhook(string webhookId, Database database, CancellationToken ct)
    {
        var row = await database.ReadAsync(connection => WebhookStore.GetAsync(connection, webhookId, ct));
        return TypedResults.Ok(new WebhookResponse(row.Id, row.Url, row.Events.Split(','), row.Status, row.DisabledReason, row.CreatedUtc));
    }

    internal static async Task<NoContent> DeleteWebhook(string webhookId, Database database, IClock clock, CancellationToken ct)
    {
        await database.WriteAsync((connection, transaction) => WebhookStore.DeleteAsync(connection, transaction, webhookId, clock.GetCurrentInstant(), ct), ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<IReadOnlyList<DeliveryResponse>>, ValidationProblem>> ListDeliveries(
        string webhookId, int? limit, Database database, CancellationToken ct)
    {
        if (limit is < 1 or > MaxDeliveries)
        {
            var errors = new FieldErrors();
            errors.Add("limit", $"Between 1 and {MaxDeliveries}.");
            return errors.ToProblem();
        }

        var (deliveries, attempts) = await database.ReadAsync(async connection =>
        {
            await WebhookStore.GetAsync(connection, webhookId, ct);
            return await WebhookStore.DeliveriesAsync(connection, webhookId, limit ?? DefaultDeliveries, ct);
        });
        return TypedResults.Ok<IReadOnlyList<DeliveryResponse>>([.. deliveries.Select(d => new DeliveryResponse(
            d.Id, d.MessageId, d.Type, d.PlanId, d.Status, d.Status == "pending" ? d.NextAttemptUtc : null, d.CompletedUtc,
            [.. attempts[d.Id].Select(a => new AttemptResponse((int)a.Number, a.AtUtc, (int?)a.StatusCode, a.Error, a.DurationMs))]))]);
    }

    private static string? CheckUrl(FieldErrors errors, string? value)
    {
        var text = errors.Text("url", value, MaxUrlLength);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add("url", "Must be an absolute http or https URL.");
            return null;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add("url", "Must not carry a user name or password: deliveries are authenticated by their signature.");
            return null;
        }

        return uri.AbsoluteUri;
    }

    private static IReadOnlyList<string> CheckEvents(FieldErrors errors, IReadOnlyList<string>? events)
    {
        if (events is null || events.Count == 0)
        {
            errors.Add("events", $"One or more of {string.Join(", ", WebhookEvents.All)}.");
            return [];
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (!WebhookEvents.All.Contains(events[i], StringComparer.Ordinal))
            {
                errors.Add($"events[{i}]", $"\"{events[i]}\" is not an event type: {string.Join(", ", WebhookEvents.All)}.");
            }
        }

        return [.. events.Distinct(StringComparer.Ordinal)];
    }
}
