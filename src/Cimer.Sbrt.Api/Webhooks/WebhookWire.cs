using System.ComponentModel.DataAnnotations;

namespace Cimer.Sbrt.Api.Webhooks;

/// <param name="Url">Where events are posted: an absolute http or https URL.</param>
/// <param name="Events">The event types wanted, one or more of plan.created, plan.changed, plan.cancelled, fraction.delivered, fraction.missed, plan.needsAttention.</param>
internal sealed record CreateWebhookRequest([property: Required] string? Url, [property: Required] IReadOnlyList<string>? Events);

/// <param name="Id">The subscription's id.</param>
/// <param name="Url">Where events are posted.</param>
/// <param name="Events">The event types it receives.</param>
/// <param name="Status">active, or disabled (the receiver answered 410 Gone).</param>
/// <param name="DisabledReason">Why it was disabled; null while active.</param>
/// <param name="CreatedAt">When it was created, UTC.</param>
internal sealed record WebhookResponse(string Id, string Url, IReadOnlyList<string> Events, string Status, string? DisabledReason, string CreatedAt);

/// <param name="Id">The subscription's id.</param>
/// <param name="Url">Where events are posted.</param>
/// <param name="Events">The event types it receives.</param>
/// <param name="Status">active.</param>
/// <param name="CreatedAt">When it was created, UTC.</param>
/// <param name="Secret">The signing secret, "whsec_" + base64: shown this once, keep it.</param>
internal sealed record CreatedWebhookResponse(string Id, string Url, IReadOnlyList<string> Events, string Status, string CreatedAt, string Secret);

/// <param name="Id">The delivery's id (one event to one subscription).</param>
/// <param name="WebhookId">The event's webhook-id header, the same on every attempt.</param>
/// <param name="Type">The event type.</param>
/// <param name="PlanId">The plan the event is about.</param>
/// <param name="Status">pending, delivered or failed (given up after 24 h, or 410 Gone).</param>
/// <param name="NextAttemptAt">When it is tried next, UTC; null once it is no longer pending.</param>
/// <param name="CompletedAt">When it was delivered or given up, UTC.</param>
/// <param name="Attempts">Every attempt so far, first first.</param>
internal sealed record DeliveryResponse(
    string Id, string WebhookId, string Type, string PlanId, string Status, string? NextAttemptAt, string? CompletedAt, IReadOnlyList<AttemptResponse> Attempts);

/// <param name="Number">1 for the first attempt.</param>
/// <param name="At">When it was sent, UTC.</param>
/// <param name="StatusCode">The receiver's status code; null when no answer came.</param>
/// <param name="Error">What went wrong when no answer came (refused, timed out).</param>
/// <param name="DurationMs">How long it took, in milliseconds.</param>
internal sealed record AttemptResponse(int Number, string At, int? StatusCode, string? Error, long DurationMs);
