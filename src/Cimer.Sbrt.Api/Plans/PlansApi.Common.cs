using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>What every plan change shares: loading with its preconditions, inputs, saving, answering.</summary>
internal static partial class PlansApi
{
    /// <summary>
    /// 404 for the plan or fraction, then 409 for a cancelled plan or a fraction already recorded,
    /// then 428/412 for If-Match: the order a client can act on.
    /// </summary>
    private static async Task<PlanRecord> LoadForChangeAsync(
        SqliteConnection connection, SqliteTransaction transaction, string planId, HttpRequest request, CancellationToken ct, string? fractionId = null)
    {
        var plan = await PlanStore.GetAsync(connection, planId, ct, transaction);
        var fraction = fractionId is null ? null : plan.Fraction(fractionId);
        if (plan.Status == PlanStatus.Cancelled)
        {
            throw Problems.Conflict("The plan is cancelled; plan the patient again instead.");
        }

        if (fraction is { Status: not FractionStatus.Planned })
        {
            throw Problems.Conflict($"The fraction is already recorded as {StoredJson.Name(fraction.Status)}: it is history and cannot change.");
        }

        ETags.Require(request, plan.Version);
        return plan;
    }

    private static Task<PlanningInputs> InputsAsync(SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, CancellationToken ct) =>
        PlanningInputs.ForPlanAsync(connection, transaction, plan, ct);

    private static Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, Instant now, string @event, CancellationToken ct) =>
        PlanChanges.SaveAsync(connection, transaction, plan, now, ct, @event);

    private static Ok<PlanResponse> Answer(HttpResponse response, PlanRecord plan, IReadOnlyList<ChangeResponse>? changes)
    {
        response.Headers.ETag = ETags.For(plan.Version);
        return TypedResults.Ok(PlanResponses.From(plan, changes));
    }
}
