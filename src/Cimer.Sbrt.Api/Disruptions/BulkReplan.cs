using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Cimer.Sbrt.Api.Disruptions;

/// <summary>
/// Re-plans every plan a new downtime or closure touches, one at a time in the rules' order, each
/// around the bookings of all the others as they stand (plans re-planned earlier in the batch
/// included), all in the caller's transaction. R1: a delivered, pinned or past fraction under it
/// is never moved; the plan needs attention. R5: a plan no re-plan fits (beyond D1+19) needs
/// attention, and its fractions under the disruption are displaced. Each plan's change is audited
/// as made by whoever added the disruption, with the disruption as its reason.
/// </summary>
internal static class BulkReplan
{
    /// <summary>Run after the disruption is written in <paramref name="transaction"/>, so the core sees it.</summary>
    public static async Task<ImpactResponse> RunAsync(
        SqliteConnection connection, SqliteTransaction transaction, Disruption disruption, Actor actor, Instant now, CancellationToken ct)
    {
        var impacts = new List<PlanImpact>();
        foreach (var planId in await DisruptionStore.TouchedPlanIdsAsync(connection, transaction, disruption, ct))
        {
            var plan = await PlanStore.GetAsync(connection, planId, ct, transaction);
            impacts.Add(await ReplanAsync(connection, transaction, plan, disruption, actor, now, ct));
        }

        return new ImpactResponse(impacts);
    }

    private static async Task<PlanImpact> ReplanAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, Disruption disruption, Actor actor, Instant now, CancellationToken ct)
    {
        var under = plan.Booked.Where(disruption.Covers).OrderBy(f => f.Start).ToList();
        if (under.Find(f => f.Status == FractionStatus.Delivered) is { } given)
        {
            // The core plans around delivered fractions wherever they are; a delivery inside new
            // downtime means one of the two records is wrong, which only a person can tell.
            var reason = $"The delivered fraction at {WireFormat.Format(given.Start, plan.Zone)} lies in the new {disruption.Description}: check the delivery record or the {disruption.Kind}.";
            return await NeedsAttentionAsync(connection, transaction, plan, reason, [], actor, now, ct);
        }

        var inputs = await PlanningInputs.ForPlanAsync(connection, transaction, plan, ct);
        var (outcome, kept) = RecordReplanning.Solve(plan, inputs, now);
        if (outcome.IsFeasible)
        {
            var changes = await PlanChanges.ReplannedAsync(connection, transaction, plan, outcome.Plan, kept, $"Re-planned around the new {disruption.Description}.", actor, now, ct);
            return new PlanImpact(plan.Id, changes.Count == 0 ? ImpactOutcome.Unchanged : ImpactOutcome.Replanned, changes, plan.ProtocolDeviation, null);
        }

        var infeasibility = outcome.Infeasibility;
        if (infeasibility.Code == InfeasibilityCodes.KeptFractionsConflict)
        {
            var reason = $"The new {disruption.Description} covers a fraction the solver must not move. {PlanChanges.Describe(infeasibility)}";
            return await NeedsAttentionAsync(connection, transaction, plan, reason, [], actor, now, ct);
        }

        var displaced = under.Where(f => !kept.Contains(f.Id)).ToList();
        var lost = $"{displaced.Count} fraction{(displaced.Count == 1 ? "" : "s")} lost {(displaced.Count == 1 ? "its slot" : "their slots")} to the new {disruption.Description} and no re-plan fits (none may end after day 20, {WireFormat.Format(plan.DayOne.PlusDays(19))}). {PlanChanges.Describe(infeasibility)}";
        return await NeedsAttentionAsync(connection, transaction, plan, lost, displaced, actor, now, ct);
    }

    private static async Task<PlanImpact> NeedsAttentionAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, string reason, IReadOnlyCollection<FractionRecord> displaced,
        Actor actor, Instant now, CancellationToken ct)
    {
        await PlanChanges.NeedsAttentionAsync(connection, transaction, plan, reason, displaced, actor, now, ct);
        return new PlanImpact(plan.Id, ImpactOutcome.NeedsAttention, [], plan.ProtocolDeviation, reason);
    }
}
