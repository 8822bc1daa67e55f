namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>A row of <c>webhook_subscriptions</c>, as stored.</summary>
internal sealed class SubscriptionRow
{
    public string Id { get; init; } = "";
    public string Url { get; init; } = "";
    public string Events { get; init; } = "";
    public string Secret { get; init; } = "";
    public string Status { get; init; } = "";
    public string? DisabledReason { get; init; }
    public string CreatedUtc { get; init; } = "";
}

/// <summary>The head of one subscription's queue for one plan, due now, with what sending it takes.</summary>
internal sealed class DueDelivery
{
    public string Id { get; init; } = "";
    public string SubscriptionId { get; init; } = "";
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    public string MessageId { get; init; } = "";
    public string Body { get; init; } = "";
    public long Attempts { get; init; }
    public string CreatedUtc { get; init; } = "";
}

/// <summary>A row of <c>webhook_deliveries</c> with its event, for the deliveries listing.</summary>
internal sealed class DeliveryRow
{
    public string Id { get; init; } = "";
    public string MessageId { get; init; } = "";
    public string Type { get; init; } = "";
    public string PlanId { get; init; } = "";
    public string Status { get; init; } = "";
    public long Attempts { get; init; }
    public string NextAttemptUtc { get; init; } = "";
    public long? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public string? CompletedUtc { get; init; }
    public string CreatedUtc { get; init; } = "";
}

/// <summary>A row of <c>webhook_attempts</c>.</summary>
internal sealed class AttemptRow
{
    public string DeliveryId { get; init; } = "";
    public long Number { get; init; }
    public string AtUtc { get; init; } = "";
    public long? StatusCode { get; init; }
    public string? Error { get; init; }
    public long DurationMs { get; init; }
}
