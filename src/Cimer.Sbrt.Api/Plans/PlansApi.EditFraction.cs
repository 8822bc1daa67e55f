using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Api.Webhooks;
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
            var fraction = plan.Fraction(fractionId);

            var now = clock.GetCurrentInstant();
            var inputs = await InputsAsync(connection, transaction, plan, ct);
            var moving = start is not null || linacId is not null;
            var before = plan.Booked.Select(f => PlanRecords.ToPlanned(f, plan.Zone)).ToList();
            if (moving && MoveTarget(inputs, plan, fraction, linacId, start, errors) is { } slot)
            {
                if (await PlanStore.SlotHolderAsync(connection, transaction, slot.LinacId, slot.Start.ToInstant(), ct) is { } holder && holder != plan.Id)
                {
                    throw Problems.Conflict("That slot is booked by another plan.");
                }

                (fraction.LinacId, fraction.Start, fraction.End) = (slot.LinacId, slot.Start.ToInstant(), slot.End.ToInstant());
            }

            if (errors.Any)
            {
                return errors.ToProblem();
            }

            fraction.Pinned = body.Pinned ?? fraction.Pinned;
            PlanRecords.Renumber(plan);
            RefuseBrokenRules(plan, inputs, before, now);
            (plan.DaysBefore, plan.DaysAfter) = Deviation(plan);
            await PlanChanges.EditedAsync(connection, transaction, plan, reason!, actor, now, ct);
            return Answer(response, plan, null);
        }, ct);
    }

    /// <summary>The slot the edit names, or null with a field error when it is not one of the linac's slots.</summary>
    private static Slot? MoveTarget(PlanningInputs inputs, PlanRecord plan, FractionRecord fraction, string? linacId, OffsetDateTime? start, FieldErrors errors)
    {
        var linac = inputs.Linacs.FirstOrDefault(l => l.Id == (linacId ?? fraction.LinacId));
        if (linac is null)
        {
            errors.Add("linacId", $"No linac '{linacId}' at this plan's center.");
            return null;
        }

        var instant = start?.ToInstant() ?? fraction.Start;
        var slot = SlotGrid.On(linac, instant.InZone(plan.Zone).Date, plan.Zone).FirstOrDefault(s => s.Start.ToInstant() == instant);
        if (slot is null)
        {
            errors.Add("start", $"Not a slot start of {linac.Name}: its slots start at {WireFormat.Format(linac.OpensAt)} every {linac.SlotMinutes} minutes, center time.");
        }

        return slot;
    }

    /// <summary>
    /// The core validates the whole edited plan; any violation refuses the edit (422). With the
    /// version before the edit as <c>Previous</c>, only a fraction moved into the past breaks R2.
    /// </summary>
    private static void RefuseBrokenRules(PlanRecord plan, PlanningInputs inputs, IReadOnlyList<PlannedFraction> before, Instant now)
    {
        var request = inputs.Request(plan.MaxFractionsPerDay, now) with
        {
            Kept = [.. plan.Booked.Where(f => f.Status == FractionStatus.Delivered).Select(PlanRecords.ToKept)],
            Previous = before,
        };
        var violations = PlanValidator.Validate(request, [.. plan.Booked.Select(f => PlanRecords.ToPlanned(f, plan.Zone))]);
        if (violations.Count > 0)
        {
            throw Problems.Unprocessable(
                "editBreaksRules",
                $"The change breaks {violations.Count} scheduling rule{(violations.Count == 1 ? "" : "s")}; nothing was changed.",
                PlanResponses.Violations(violations));
        }
    }

    /// <summary>Days the booked fractions reach before D1 and after D1+11 (within the plan's window).</summary>
    private static (int Before, int After) Deviation(PlanRecord plan)
    {
        var dates = plan.Booked.Select(f => f.Start.InZone(plan.Zone).Date).Order().ToList();
        if (dates.Count == 0)
        {
            return (0, 0);
        }

        var lastOfW0 = plan.DayOne.PlusDays(11);
        var last = dates[^1] > plan.WindowEnd ? plan.WindowEnd : dates[^1];
        return (Math.Max(0, Period.DaysBetween(dates[0], plan.DayOne)), Math.Max(0, Period.DaysBetween(lastOfW0, last)));
    }
}
