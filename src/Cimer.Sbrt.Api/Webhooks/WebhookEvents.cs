namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>The event types a subscription can ask for, as the contract names them.</summary>
internal static class WebhookEvents
{
    public const string PlanCreated = "plan.created";
    public const string PlanChanged = "plan.changed";
    public const string PlanCancelled = "plan.cancelled";
    public const string FractionDelivered = "fraction.delivered";
    public const string FractionMissed = "fraction.missed";
    public const string PlanNeedsAttention = "plan.needsAttention";

    public static readonly IReadOnlyList<string> All =
        [PlanCreated, PlanChanged, PlanCancelled, FractionDelivered, FractionMissed, PlanNeedsAttention];
}

/// <summary>One event a plan write causes; <paramref name="FractionId"/> names the fraction of a fraction event.</summary>
internal sealed record PlanEvent(string Type, string? FractionId = null);
