namespace Cimer.Sbrt.Api.Audit;

/// <summary>One change as the audit trail records it; who and when come from the writer.</summary>
/// <param name="Action">What happened, "entity.verb": <c>plan.replanned</c>, <c>center.created</c>.</param>
/// <param name="Entity">The kind of thing changed (one of <see cref="AuditEntities"/>).</param>
/// <param name="EntityId">Its id.</param>
/// <param name="Old">Its JSON before the change; null for a creation.</param>
/// <param name="New">Its JSON after the change.</param>
/// <param name="Reason">Why, as the person (or the job) gave it.</param>
internal sealed record AuditEntry(string Action, string Entity, string EntityId, object? Old, object? New, string? Reason);

/// <summary>The entities the audit trail names, as <c>GET /api/v1/audit?entity=</c> takes them.</summary>
internal static class AuditEntities
{
    public const string Center = "center", Closure = "closure", Linac = "linac", Downtime = "downtime", Patient = "patient", Plan = "plan",
        Webhook = "webhook", Feed = "feed", Opening = "opening", Proposal = "proposal";

    public static readonly IReadOnlyList<string> All = [Center, Closure, Linac, Downtime, Patient, Plan, Webhook, Feed, Opening, Proposal];
}
