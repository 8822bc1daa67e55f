namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>The event types a subscription may ask for, as the contract names them.</summary>
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
