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

        var (plan, changes) = await database.WriteAsync(async (connection, transaction) =>
        {
            var plan = await LoadForChangeAsync(connection, transaction, planId, request, ct, fractionId);
            var fraction = plan.Fraction(fractionId);
            var now = clock.GetCurrentInstant();
            var happened = at?.ToInstant() ?? fraction.Start;
            if (happened > now)
            {
                throw Problems.Unprocessable(
                    "deliveryInFuture",
                    $"A fraction cannot be recorded before it happens: {WireFormat.Format(happened, plan.Zone)} is after now ({WireFormat.Format(now, plan.Zone)}).",
                    new[] { new ViolationResponse(Rules.NotInPast, "The delivery moment is in the future.", fraction.Id, fraction.LesionId, WireFormat.Format(happened.InZone(plan.Zone).Date)) });
            }

            IReadOnlyList<ChangeResponse> changes = [];
            if (body.Outcome == DeliveryOutcome.Delivered)
            {
                await PlanChanges.DeliveredAsync(connection, transaction, plan, fraction, happened, reason, actor, now, ct);
            }
            else
            {
                changes = await PlanChanges.MissedAsync(connection, transaction, plan, [(fraction, happened)], reason!, actor, now, ct);
            }

            return (plan, changes);
        }, ct);
        return Answer(response, plan, changes);
    }
}
