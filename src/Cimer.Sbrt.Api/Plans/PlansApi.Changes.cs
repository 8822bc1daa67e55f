using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Api.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

internal static partial class PlansApi
{
    private static void MapPlanChanges(this RouteGroupBuilder group)
    {
        group.MapPatch("/plans/{planId}/fractions/{fractionId}", EditFraction)
            .WithName(nameof(EditFraction))
            .RequireAuthorization(Policies.Physics)
            .WithSummary("Move, pin or unpin a fraction")
            .WithDescription("A physicist's edit, with the `reason` the audit trail keeps (400 without one). `start` must be a slot start of the linac (`linacId`, default the fraction's own). The whole plan is checked against every rule: a 422 lists each violation and changes nothing. Needs If-Match; 409 when the slot is another plan's.")
            .WithRequestExample(Examples.EditFraction)
            .ProducesValidationProblem()
            .WithPlanChangeProblems()
            .WithResponseExample(StatusCodes.Status400BadRequest, ProblemExamples.FieldErrors)
            .WithResponseExample(StatusCodes.Status409Conflict, ProblemExamples.FractionRecorded)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, ProblemExamples.EditBreaksRules);

        group.MapPost("/plans/{planId}/replan", Replan)
            .WithName(nameof(Replan))
            .RequireAuthorization(Policies.Physics)
            .WithSummary("Re-plan what remains")
            .WithDescription("Re-plans every fraction that is neither delivered nor pinned, from now on, keeping fractions where they were when that is as good; may run past the window (a protocol deviation) but never beyond D1+19. Answers the new plan with `changes`, and with `openingSuggestions`: when it runs past the window, the smallest extra linac sessions proven to bring it back inside (create one with POST /linacs/{linacId}/openings, then re-plan again). The body's `reason` is required (400 without it) and kept in the audit trail.")
            .WithRequestExample(Examples.Replan)
            .ProducesValidationProblem()
            .WithPlanChangeProblems()
            .WithResponseExample(StatusCodes.Status409Conflict, ProblemExamples.PlanCancelled)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, ProblemExamples.Infeasible);

        group.MapPost("/plans/{planId}/fractions/{fractionId}/delivery", RecordDelivery)
            .WithName(nameof(RecordDelivery))
            .RequireAuthorization(Policies.Treat)
            .WithSummary("Record a delivered or missed fraction")
            .WithDescription("`delivered` makes the plan active (completed after the last). `missed` keeps the fraction as history, frees its slot and re-plans what remains at once; the answer carries `changes` and `openingSuggestions` (extra linac sessions that would keep the plan inside its window, when the re-plan runs past it or needs attention; empty otherwise). When no re-plan fits, the miss is still recorded and the plan needs attention. A miss needs a `reason` (400 without one); for a delivery it is optional. 409 when already recorded or the plan is cancelled; 422 for a moment in the future: a miss is recorded after the fact. For \"she cannot come on Friday\", said ahead, record an absence instead (POST /patients/{patientId}/absences): it re-plans her plan at once.")
            .WithTags(ApiTags.Days)
            .WithRequestExample(Examples.RecordDelivery)
            .ProducesValidationProblem()
            .WithPlanChangeProblems()
            .WithResponseExample(StatusCodes.Status400BadRequest, ProblemExamples.UnknownEnumValue)
            .WithResponseExample(StatusCodes.Status409Conflict, ProblemExamples.FractionRecorded)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, ProblemExamples.DeliveryInFuture);

        group.MapDelete("/plans/{planId}", CancelPlan)
            .WithName(nameof(CancelPlan))
            .RequireAuthorization(Policies.Treat)
            .WithSummary("Cancel a plan")
            .WithDescription("Cancels the plan and frees its slots; the patient may then be planned again. The reason goes in the query string, `?reason=patient%20withdrew` (a DELETE body is ignored by many clients and proxies); 400 without it. 409 when already cancelled or completed.")
            .ProducesValidationProblem()
            .WithPlanChangeProblems(unprocessable: false)
            .WithResponseExample(StatusCodes.Status409Conflict, ProblemExamples.PlanCancelled);
    }

    private static RouteHandlerBuilder WithPlanChangeProblems(this RouteHandlerBuilder builder, bool unprocessable = true)
    {
        builder.RequiresIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return unprocessable ? builder.ProducesProblem(StatusCodes.Status422UnprocessableEntity) : builder;
    }

    internal static async Task<Results<Ok<PlanResponse>, ValidationProblem>> Replan(
        string planId, ReplanRequest? body, Actor actor, Database database, IClock clock, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reason = Reason(errors, body?.Reason);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (plan, decision) = await database.WriteAsync(async (connection, transaction) =>
        {
            var plan = await LoadForChangeAsync(connection, transaction, planId, request, ct);
            var inputs = await PlanningInputs.ForPlanAsync(connection, transaction, plan, ct);
            var now = clock.GetCurrentInstant();
            var decision = PlanResponses.DecisionOf(PlanLifecycle.Replan(plan.Plan, inputs.Around(plan.Id), reason!, now, SharedSlotGrids.Cache, Ids.New));
            return (await PlanChanges.WriteAsync(connection, transaction, plan, decision, actor, now, ct), decision);
        }, ct);
        Telemetry.SbrtMetrics.Replanned("request");
        return Answer(response, plan, decision.Changes, decision.OpeningSuggestions);
    }

    /// <summary>Cancel a plan</summary>
    /// <param name="planId">The plan to cancel.</param>
    /// <param name="reason">Why, e.g. "patient withdrew"; required, at most 500 characters.</param>
    /// <param name="actor">Who cancels.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now.</param>
    /// <param name="request">Carries If-Match.</param>
    /// <param name="response">Gets the new ETag.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Ok<PlanResponse>, ValidationProblem>> CancelPlan(
        string planId, string? reason, Actor actor, Database database, IClock clock, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var why = Reason(errors, reason);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var plan = await database.WriteAsync(async (connection, transaction) =>
        {
            var plan = await LoadForChangeAsync(connection, transaction, planId, request, ct);
            var decision = PlanResponses.DecisionOf(PlanLifecycle.Cancel(plan.Plan, why!));
            return await PlanChanges.WriteAsync(connection, transaction, plan, decision, actor, clock.GetCurrentInstant(), ct);
        }, ct);
        return Answer(response, plan, null);
    }
}
