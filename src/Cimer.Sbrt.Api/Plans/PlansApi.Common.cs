using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>What every plan change shares: loading with its preconditions, inputs, the reason, answering.</summary>
internal static partial class PlansApi
{
    /// <summary>The longest reason a change may give, in characters.</summary>
    public const int MaxReasonLength = 500;

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

    /// <summary>
    /// The reason every plan edit, re-plan, cancel and miss must give (21 CFR Part 11 11.10(e)):
    /// a 400 on <c>reason</c> without one.
    /// </summary>
    private static string? Reason(FieldErrors errors, string? reason) =>
        errors.Text("reason", reason, maxLength: MaxReasonLength);

    private static Ok<PlanResponse> Answer(HttpResponse response, PlanRecord plan, IReadOnlyList<ChangeResponse>? changes)
    {
        response.Headers.ETag = ETags.For(plan.Version);
        return TypedResults.Ok(PlanResponses.From(plan, changes));
    }
}
