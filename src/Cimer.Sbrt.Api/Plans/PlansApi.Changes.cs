using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

internal static partial class PlansApi
{
    private static void MapPlanChanges(this RouteGroupBuilder group)
    {
        group.MapPatch("/plans/{planId}/fractions/{fractionId}", EditFraction)
            .WithName(nameof(EditFraction))
            .WithSummary("Move, pin or unpin a fraction")
            .WithDescription("A physicist's edit. `start` must be a slot start of the linac (`linacId`, default the fraction's own). The whole plan is checked against every rule: a 422 lists each violation and changes nothing. Needs If-Match (428 without, 412 when stale); 409 when the slot is another plan's.")
            .WithRequestExample(Examples.EditFraction)
            .WithPlanChangeProblems();

        group.MapPost("/plans/{planId}/replan", Replan)
            .WithName(nameof(Replan))
            .WithSummary("Re-plan what remains")
            .WithDescription("Re-plans every fraction that is neither delivered nor pinned, from now on, keeping fractions where they were when that is as good; may run past the window (a protocol deviation) but never beyond D1+19. Answers the new plan with `changes`. Needs If-Match.")
            .WithPlanChangeProblems();

        group.MapPost("/plans/{planId}/fractions/{fractionId}/delivery", RecordDelivery)
            .WithName(nameof(RecordDelivery))
            .WithSummary("Record a delivered or missed fraction")
            .WithDescription("`delivered` makes the plan active (completed after the last). `missed` keeps the fraction as history, frees its slot and re-plans what remains at once; the answer carries `changes`. When no re-plan fits, the miss is still recorded and the plan needs attention. 409 when already recorded or the plan is cancelled; 422 for a moment in the future. Needs If-Match.")
            .WithRequestExample(Examples.RecordDelivery)
            .WithPlanChangeProblems();

        group.MapDelete("/plans/{planId}", CancelPlan)
            .WithName(nameof(CancelPlan))
            .WithSummary("Cancel a plan")
            .WithDescription("Cancels the plan and frees its slots; the patient may then be planned again. Needs If-Match; 409 when already cancelled or completed.")
            .WithPlanChangeProblems();
    }

    private static RouteHandlerBuilder WithPlanChangeProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    internal static async Task<Ok<PlanResponse>> Replan(
        string planId, Database database, IClock clock, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (plan, changes) = await database.WriteAsync(async (connection, transaction) =>
        {
            var plan = await LoadForChangeAsync(connection, transaction, planId, request, ct);
            if (plan.Status == PlanStatus.Completed)
            {
                throw Problems.Conflict("The plan is completed: every fraction was delivered.");
            }

            var now = clock.GetCurrentInstant();
            var inputs = await InputsAsync(connection, transaction, plan, ct);
            var outcome = Replanning.Solve(plan, inputs, now);
            if (!outcome.IsFeasible)
            {
                throw PlanResponses.Infeasible(outcome.Infeasibility);
            }

            var changes = Replanning.Adopt(plan, outcome.Plan);
            plan.Status = StatusAfterReplan(plan);
            await SaveAsync(connection, transaction, plan, now, ct);
            return (plan, changes);
        }, ct);
        return Answer(response, plan, changes);
    }

    internal static async Task<Ok<PlanResponse>> CancelPlan(
        string planId, Database database, IClock clock, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var plan = await database.WriteAsync(async (connection, transaction) =>
        {
            var plan = await LoadForChangeAsync(connection, transaction, planId, request, ct);
            if (plan.Status == PlanStatus.Completed)
            {
                throw Problems.Conflict("The plan is completed: there is nothing left to cancel.");
            }

            plan.Status = PlanStatus.Cancelled;
            plan.Fractions.ForEach(f => f.Cancelled = true);
            await SaveAsync(connection, transaction, plan, clock.GetCurrentInstant(), ct);
            return plan;
        }, ct);
        return Answer(response, plan, null);
    }

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

    private static async Task<PlanningInputs> InputsAsync(SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, CancellationToken ct)
    {
        var patient = await PatientStore.GetAsync(connection, plan.PatientId, ct, transaction);
        return await PlanningInputs.LoadAsync(connection, transaction, patient, plan.Id, ct);
    }

    private static Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, Instant now, CancellationToken ct)
    {
        plan.Version++;
        return PlanStore.UpdateAsync(connection, transaction, plan, now, ct);
    }

    private static PlanStatus StatusAfterReplan(PlanRecord plan) =>
        plan.Fractions.Any(f => f.Status == FractionStatus.Delivered) ? PlanStatus.Active : PlanStatus.Draft;

    private static Ok<PlanResponse> Answer(HttpResponse response, PlanRecord plan, IReadOnlyList<ChangeResponse>? changes)
    {
        response.Headers.ETag = ETags.For(plan.Version);
        return TypedResults.Ok(PlanResponses.From(plan, changes));
    }
}
