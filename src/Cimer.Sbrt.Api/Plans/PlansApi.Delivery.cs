using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

internal static partial class PlansApi
{
    internal static async Task<Results<Ok<PlanResponse>, ValidationProblem>> RecordDelivery(
        string planId, string fractionId, DeliveryRequest body, Database database, IClock clock,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (body.Outcome is null)
        {
            errors.Add("outcome", "Required: delivered or missed.");
        }

        var at = errors.Moment("at", body.At, required: false);
        var reason = errors.Text("reason", body.Reason, maxLength: 500, required: false);
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

            (fraction.RecordedAt, fraction.RecordedReason) = (happened, reason);
            IReadOnlyList<ChangeResponse> changes = [];
            if (body.Outcome == DeliveryOutcome.Delivered)
            {
                fraction.Status = FractionStatus.Delivered;
                plan.Status = StatusAfterDelivery(plan);
            }
            else
            {
                fraction.Status = FractionStatus.Missed;
                changes = await ReplanAfterMissAsync(connection, transaction, plan, fraction, now, ct);
            }

            await SaveAsync(connection, transaction, plan, now, ct);
            return (plan, changes);
        }, ct);
        return Answer(response, plan, changes);
    }

    private static PlanStatus StatusAfterDelivery(PlanRecord plan) => plan.Status switch
    {
        PlanStatus.NeedsAttention => PlanStatus.NeedsAttention,
        _ when plan.Fractions.Any(f => f.Status == FractionStatus.Planned) => PlanStatus.Active,
        _ => PlanStatus.Completed,
    };

    /// <summary>
    /// A miss is a fact and is always recorded; what remains is re-planned at once. When no
    /// re-plan fits, the plan keeps its other fractions and needs a person (R5).
    /// </summary>
    private static async Task<IReadOnlyList<ChangeResponse>> ReplanAfterMissAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction,
        PlanRecord plan, FractionRecord missed, Instant now, CancellationToken ct)
    {
        var inputs = await InputsAsync(connection, transaction, plan, ct);
        var (outcome, kept) = Replanning.Solve(plan, inputs, now);
        if (!outcome.IsFeasible)
        {
            plan.Status = PlanStatus.NeedsAttention;
            plan.Explanation = [.. plan.Explanation,
                $"Fraction {missed.Number} of lesion {missed.LesionId} was missed and no re-plan fits: {outcome.Infeasibility.Summary}"];
            return [];
        }

        var changes = Replanning.Adopt(plan, outcome.Plan, kept);
        plan.Status = StatusAfterReplan(plan);
        return changes;
    }
}
