using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>What every plan change shares: loading with its preconditions, the reason, answering.</summary>
internal static partial class PlansApi
{
    /// <summary>The longest reason a change may give, in characters.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>
    /// 404 for the plan or fraction, then 409 when the core says it cannot change (a cancelled plan, a
    /// fraction already recorded), then 428/412 for If-Match: the order a client can act on.
    /// </summary>
    private static async Task<PlanRecord> LoadForChangeAsync(
        DbConnection connection, DbTransaction transaction, string planId, HttpRequest request, CancellationToken ct, string? fractionId = null)
    {
        var plan = await PlanStore.GetAsync(connection, planId, ct, transaction);
        if (fractionId is not null)
        {
            plan.Fraction(fractionId);
        }

        if (PlanLifecycle.CheckChangeable(plan.Plan, fractionId) is { } refusal)
        {
            throw PlanResponses.Refused(refusal);
        }

        ETags.Require(request, plan.Version);
        return plan;
    }

    /// <summary>
    /// The reason every plan edit, re-plan, cancel and miss must give (21 CFR Part 11 11.10(e)):
    /// a 400 on <c>reason</c> without one.
    /// </summary>
    private static string? Reason(FieldErrors errors, string? reason) =>
        errors.Text("reason", reason, maxLength: MaxReasonLength);

    private static Ok<PlanResponse> Answer(
        HttpResponse response, PlanRecord plan, IReadOnlyList<FractionMove>? changes, IReadOnlyList<OpeningSuggestion>? openingSuggestions = null)
    {
        response.Headers.ETag = ETags.For(plan.Version);
        return TypedResults.Ok(PlanResponses.From(plan, changes, openingSuggestions));
    }
}
