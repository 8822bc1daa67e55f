using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>A subscription to plan events.</summary>
/// <param name="Url">Absolute http or https URL the events are POSTed to, without user info; its host may not be loopback, link-local, private or special unless Webhooks:AllowedNetworks opens it.</param>
/// <param name="Events">One or more of plan.created, plan.changed, plan.cancelled, fraction.delivered, fraction.missed, plan.needsAttention, patient.absenceRecorded, patient.absenceRemoved (their data: patientId, version (the patient's), absenceId, date).</param>
internal sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events);

/// <summary>A subscription as created: the only answer that shows its signing secret.</summary>
[WireExample(WebhookExamples.CreatedWebhook)]
internal sealed record CreatedWebhookResponse(string Id, string Url, IReadOnlyList<string> Events, string Secret, string CreatedAt);

/// <summary>A subscription; <c>disabledAt</c> is set once its receiver answered 410 Gone.</summary>
[WireExample(WebhookExamples.Webhook)]
internal sealed record WebhookResponse(string Id, string Url, IReadOnlyList<string> Events, string CreatedAt, string? DisabledAt);

/// <summary>One delivery attempt of one event to the subscription.</summary>
/// <param name="EventId">The event's <c>webhook-id</c>, the same on every attempt.</param>
/// <param name="Type">The event type.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="At">When the attempt was made (UTC).</param>
/// <param name="StatusCode">The receiver's HTTP status, or null when it could not be reached.</param>
/// <param name="Error">Why the attempt got no answer (connection refused, timeout, an address webhooks may not reach), else null.</param>
/// <param name="NextAttempt">When the event is tried again (UTC), null when it will not be.</param>
/// <param name="Outcome">delivered, retrying, failed (retries over) or disabled (410 Gone).</param>
[WireExample(WebhookExamples.DeliveryAttempt)]
internal sealed record DeliveryAttemptResponse(
    string EventId, string Type, long Attempt, string At, int? StatusCode, string? Error, string? NextAttempt, string Outcome);
