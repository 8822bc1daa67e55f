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

    /// <summary>A date the patient cannot come was recorded (her live plan's own events follow when it re-planned).</summary>
    public const string PatientAbsenceRecorded = "patient.absenceRecorded";

    /// <summary>An absence was removed; her plan is not re-planned by it.</summary>
    public const string PatientAbsenceRemoved = "patient.absenceRemoved";

    public static readonly IReadOnlyList<string> All =
        [PlanCreated, PlanChanged, PlanCancelled, FractionDelivered, FractionMissed, PlanNeedsAttention, PatientAbsenceRecorded, PatientAbsenceRemoved];
}
