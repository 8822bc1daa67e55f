using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cimer.Sbrt.Api.Plans;

internal static partial class PlansApi
{
    /// <summary>A plan's page of the audit trail: the plan owns the route, the trail owns the rows.</summary>
    private static void MapPlanHistory(this RouteGroupBuilder group) =>
        group.MapGet("/plans/{planId}/history", GetPlanHistory)
            .WithName(nameof(GetPlanHistory))
            .RequireAuthorization(Policies.Read)
            .WithSummary("A plan's history")
            .WithDescription("Every change to the plan, oldest first, from the append-only audit trail: who (token subject and roles, or `system:reconciliation`), when (UTC), the action, the plan as it was before and after (after carries `changes`: the fractions that moved), and the reason given.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Ok<IReadOnlyList<AuditEntryResponse>>> GetPlanHistory(string planId, Database database, CancellationToken ct)
    {
        var history = await database.ReadAsync(async connection =>
        {
            await PlanStore.GetAsync(connection, planId, ct);
            return await AuditStore.ForEntityAsync(connection, AuditEntities.Plan, planId, ct);
        });
        return TypedResults.Ok(history);
    }
}
