using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Disruptions;

/// <summary>
/// A new downtime or closure and the plans it touches, in one transaction: read the touched plans and
/// everything they are planned around once, let the core re-plan them one after another in memory
/// (<see cref="DisruptionReplanning"/>), then write the disruption and every plan's next version. Each
/// plan's change is audited as made by whoever added the disruption, with the core's reason.
/// </summary>
internal static class BulkReplan
{
    /// <param name="connection">The writing connection.</param>
    /// <param name="transaction">The caller's transaction.</param>
    /// <param name="centerId">The center whose plans it may touch.</param>
    /// <param name="disruption">The new downtime or closure, not yet written.</param>
    /// <param name="writeDisruption">Writes the disruption itself (and its audit row), after the decision.</param>
    /// <param name="actor">Who added it.</param>
    /// <param name="now">Re-plans use only slots after it (R2).</param>
    /// <param name="ct">Cancels the request.</param>
    public static async Task<ImpactResponse> RunAsync(
        DbConnection connection, DbTransaction transaction, string centerId, Disruption disruption, Func<Task> writeDisruption,
        Actor actor, Instant now, CancellationToken ct)
    {
        var touched = new List<PlanRecord>();
        foreach (var planId in await DisruptionStore.TouchedPlanIdsAsync(connection, transaction, centerId, disruption, ct))
        {
            touched.Add(await PlanStore.GetAsync(connection, planId, ct, transaction));
        }

        var inputs = await PlanningInputs.ForPlansAsync(connection, transaction, centerId, touched, ct);
        var impacts = DisruptionReplanning.Replan(disruption, inputs.Calendar, inputs.Linacs, inputs.Plans, inputs.Bookings, now, SharedSlotGrids.Cache, Ids.New);

        await writeDisruption();
        var written = await PlanChanges.WriteAllAsync(connection, transaction, touched.ToDictionary(p => p.Id), impacts.Select(i => i.Decision), actor, now, ct);
        return new ImpactResponse([.. impacts.Zip(written, (impact, plan) => new PlanImpact(
            plan.Id,
            impact.Outcome,
            impact.Outcome == ImpactOutcome.NeedsAttention ? [] : PlanResponses.Changes(impact.Decision.Changes ?? [], plan.Zone),
            plan.Outline.ProtocolDeviation,
            impact.Outcome == ImpactOutcome.NeedsAttention ? impact.Decision.Reason : null,
            PlanResponses.OpeningSuggestions(impact.Decision.OpeningSuggestions)))]);
    }
}
