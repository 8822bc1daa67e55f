using System.Text.Json;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Audit;

/// <summary>One audit row: who changed what, when, from what to what, and why.</summary>
/// <param name="Id">Increases with every row written: the order of the changes.</param>
/// <param name="At">When, UTC: "2026-12-07T14:00:00.000Z".</param>
/// <param name="Actor">The token's subject; "system:reconciliation" for the nightly job, "system:webhooks" for the webhook sender.</param>
/// <param name="ActorRoles">The roles the token carried.</param>
/// <param name="Action">What happened: plan.created, plan.edited, plan.replanned, plan.cancelled, plan.needsAttention, fraction.delivered, fraction.missed, fraction.unconfirmed, patient.corrected, patient.withdrawn, absence.created, absence.deleted, center.created, closure.created, linac.created, downtime.created, patient.created, webhook.created, webhook.deleted, webhook.disabled, feed.created, feed.revoked.</param>
/// <param name="Entity">plan, center, closure, linac, downtime, patient, webhook or feed.</param>
/// <param name="EntityId">The id of what changed.</param>
/// <param name="Old">Its JSON before (for a plan: the plan as GET answered it); null for a creation.</param>
/// <param name="New">Its JSON after; for a plan, <c>changes</c> lists the fractions that moved.</param>
/// <param name="Reason">Why, as given with the change (required for plan edits, re-plans, cancels and misses).</param>
[WireExample(AuditExamples.AuditEntry)]
internal sealed record AuditEntryResponse(
    long Id, string At, string Actor, IReadOnlyList<string> ActorRoles, string Action, string Entity, string EntityId,
    JsonElement? Old, JsonElement? New, string? Reason);

/// <param name="Page">This page, from 1.</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="Total">Rows that match the filters, on every page.</param>
/// <param name="Items">This page's rows, newest first.</param>
[WireExample(AuditExamples.AuditPage)]
internal sealed record AuditPageResponse(int Page, int PageSize, long Total, IReadOnlyList<AuditEntryResponse> Items);

/// <summary>What <c>GET /api/v1/audit/verify</c> found: a broken chain is a finding, not an error.</summary>
/// <param name="Holds">True when every row matches its hash and chains onto the one before, with no gap.</param>
/// <param name="Rows">Rows in the trail.</param>
/// <param name="LastHash">The last row's hash while the chain holds (null when broken or empty): keep it elsewhere to detect a later truncation.</param>
/// <param name="FirstBrokenRow">The first row, in chain order, that breaks the chain; null while it holds.</param>
/// <param name="Reason">"content does not match its hash", "previous hash does not match" or "row missing (sequence gap)"; null while it holds.</param>
internal sealed record AuditVerifyResponse(bool Holds, long Rows, string? LastHash, BrokenAuditRow? FirstBrokenRow, string? Reason);

/// <summary>A row as stored, without its JSON (which may be what was tampered with).</summary>
/// <param name="Id">The row's id.</param>
/// <param name="Seq">Its place in the chain, from 1; null when it has none.</param>
/// <param name="At">When, UTC, as stored.</param>
/// <param name="Actor">Who, as stored.</param>
/// <param name="Action">What, as stored.</param>
/// <param name="Entity">The kind of entity, as stored.</param>
/// <param name="EntityId">Its id, as stored.</param>
/// <param name="Reason">Why, as stored.</param>
internal sealed record BrokenAuditRow(long Id, long? Seq, string At, string Actor, string Action, string Entity, string EntityId, string? Reason);
