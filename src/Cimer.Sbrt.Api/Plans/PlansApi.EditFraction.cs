using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

internal static partial class PlansApi
{
    internal static async Task<Results<Ok<PlanResponse>, ValidationProblem>> EditFraction(
        string planId, string fractionId, EditFractionRequest body, Actor actor, Database database, IClock clock,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var start = errors.Moment("start", body.Start, required: false);
        var linacId = errors.Text("linacId", body.LinacId, maxLength: 64, required: false);
        var reason = Reason(errors, body.Reason);
        if (body.Start is null && body.LinacId is null && body.Pinned is null)
        {
            errors.Add("body", "Send start, linacId or pinned.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await database.WriteAsync<Results<Ok<PlanResponse>, ValidationProblem>>(async (connection, transaction) =>
        {
            var plan = await LoadForChangeAsync(connection, transaction, planId, request, ct, fractionId);
            var inputs = await PlanningInputs.ForPlanAsync(connection, transaction, plan, ct);
            var now = clock.GetCurrentInstant();
            var change = PlanLifecycle.Edit(plan.Plan, fractionId, new FractionEdit(start?.ToInstant(), linacId, body.Pinned), inputs.Around(plan.Id), reason!, now);
            if (change.Refusal is { Kind: RefusalKind.InvalidField } invalid)
            {
                errors.Add(invalid.Field!, invalid.Message);
                return errors.ToProblem();
            }

            var after = await PlanChanges.WriteAsync(connection, transaction, plan, PlanResponses.DecisionOf(change), actor, now, ct);
            return Answer(response, after, null);
        }, ct);
    }
}
