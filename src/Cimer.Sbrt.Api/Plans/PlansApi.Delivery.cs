using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

internal static partial class PlansApi
{
    internal static async Task<Results<Ok<PlanResponse>, ValidationProblem>> RecordDelivery(
        string planId, string fractionId, DeliveryRequest body, Actor actor, Database database, IClock clock,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (body.Outcome is null)
        {
            errors.Add("outcome", "Required: delivered or missed.");
        }

        var at = errors.Moment("at", body.At, required: false);
        var reason = errors.Text("reason", body.Reason, maxLength: MaxReasonLength, required: body.Outcome == DeliveryOutcome.Missed);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (plan, decision) = await database.WriteAsync(async (connection, transaction) =>
        {
            var plan = await LoadForChangeAsync(connection, transaction, planId, request, ct, fractionId);
            var now = clock.GetCurrentInstant();
            var happened = at?.ToInstant();
            PlanChange change;
            if (body.Outcome == DeliveryOutcome.Delivered)
            {
                change = PlanLifecycle.Deliver(plan.Plan, fractionId, happened, reason, now);
            }
            else
            {
                // A miss in the future is refused before anything else is read.
                if (PlanLifecycle.RecordedInFuture(plan.Plan, fractionId, happened, now) is { } refusal)
                {
                    throw PlanResponses.Refused(refusal);
                }

                var inputs = await PlanningInputs.ForPlanAsync(connection, transaction, plan, ct);
                change = PlanLifecycle.Miss(plan.Plan, [(fractionId, happened)], inputs.Around(plan.Id), reason!, now, SharedSlotGrids.Cache, Ids.New);
            }

            var decision = PlanResponses.DecisionOf(change);
            var after = await PlanChanges.WriteAsync(connection, transaction, plan, decision, actor, now, ct);
            return (after, decision);
        }, ct);
        if (body.Outcome == DeliveryOutcome.Missed)
        {
            Telemetry.SbrtMetrics.Replanned("miss");
        }

        return Answer(response, plan, decision.Changes ?? [], body.Outcome == DeliveryOutcome.Missed ? decision.OpeningSuggestions : null);
    }
}
