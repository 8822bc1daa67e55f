using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Webhooks;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// Writes what the core decided for a plan, in the caller's transaction, with what must be written with
/// it: the plan's next version, its webhook events (the outbox) and its audit row (who, when, the plan
/// before and after, why). Decides nothing and reads nothing: the decision carries the plan as read.
/// </summary>
internal static class PlanChanges
{
    /// <summary>Writes <paramref name="decision"/> over <paramref name="before"/> (null for a new plan); answers the plan as stored.</summary>
    public static async Task<PlanRecord> WriteAsync(
        DbConnection connection, DbTransaction transaction, PlanRecord? before, PlanDecision decision, Actor actor, Instant now, CancellationToken ct)
    {
        var after = PlanRecord.After(before, decision);
        after = before is null
            ? await PlanStore.InsertAsync(connection, transaction, after, now, ct)
            : await PlanStore.UpdateAsync(connection, transaction, before, after, now, ct);
        foreach (var type in decision.Events.Select(EventType))
        {
            await Outbox.WriteAsync(connection, transaction, type, after.Id, after.Plan.PatientId, after.Version, now, ct);
        }

        var audited = before is null
            ? new AuditEntry(Action(decision.Kind), AuditEntities.Plan, after.Id, null, PlanResponses.From(after), null)
            : new AuditEntry(Action(decision.Kind), AuditEntities.Plan, after.Id, PlanResponses.From(before),
                PlanResponses.From(after, decision.Moves), decision.Reason);
        await AuditTrail.RecordAsync(connection, transaction, actor, now, audited, ct);
        return after;
    }

    /// <summary>
    /// Writes decisions of several plans (a bulk re-plan, a reconciliation, a make-room acceptance) in order; a
    /// plan decided twice chains its versions. Every plan lets its slots go first, so a plan may take a slot that
    /// one written after it leaves: decisions that book no slot twice are written in any order.
    /// </summary>
    public static async Task<IReadOnlyList<PlanRecord>> WriteAllAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<string, PlanRecord> read, IEnumerable<PlanDecision> decisions,
        Actor actor, Instant now, CancellationToken ct)
    {
        var ordered = decisions.ToList();
        await PlanStore.ReleaseSlotsAsync(connection, transaction, ordered.Select(d => d.After.Id).Distinct(StringComparer.Ordinal), ct);
        var current = new Dictionary<string, PlanRecord>(read);
        var written = new List<PlanRecord>(ordered.Count);
        foreach (var decision in ordered)
        {
            var after = await WriteAsync(connection, transaction, current[decision.After.Id], decision, actor, now, ct);
            current[after.Id] = after;
            written.Add(after);
        }

        return written;
    }

    /// <summary>The audit trail's name for a change.</summary>
    private static string Action(PlanChangeKind kind) => kind switch
    {
        PlanChangeKind.Created => "plan.created",
        PlanChangeKind.Edited => "plan.edited",
        PlanChangeKind.Replanned => "plan.replanned",
        PlanChangeKind.Cancelled => "plan.cancelled",
        PlanChangeKind.NeedsAttention => "plan.needsAttention",
        PlanChangeKind.Delivered => "fraction.delivered",
        PlanChangeKind.Missed => "fraction.missed",
        PlanChangeKind.Unconfirmed => "fraction.unconfirmed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The webhook event type for an event the core names.</summary>
    private static string EventType(PlanEvent planEvent) => planEvent switch
    {
        PlanEvent.PlanCreated => WebhookEvents.PlanCreated,
        PlanEvent.PlanChanged => WebhookEvents.PlanChanged,
        PlanEvent.PlanCancelled => WebhookEvents.PlanCancelled,
        PlanEvent.PlanNeedsAttention => WebhookEvents.PlanNeedsAttention,
        PlanEvent.FractionDelivered => WebhookEvents.FractionDelivered,
        PlanEvent.FractionMissed => WebhookEvents.FractionMissed,
        _ => throw new ArgumentOutOfRangeException(nameof(planEvent), planEvent, null),
    };
}
