using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;

namespace Cimer.Sbrt.Api.Plans;

internal static class PlanResponses
{
    public static PlanResponse From(PlanRecord plan, IReadOnlyList<ChangeResponse>? changes = null)
    {
        var booked = plan.Booked.ToList();
        var dates = booked.Select(f => f.Start.InZone(plan.Zone).Date).Distinct().Order().ToList();
        var summary = new SummaryResponse(
            dates.Count == 0 ? 0 : NodaTime.Period.DaysBetween(dates[0], dates[^1]) + 1,
            dates.Count,
            booked.Sum(f => f.DoseGy));
        return new PlanResponse(
            plan.Id,
            plan.PatientId,
            plan.Version,
            plan.Status,
            WireFormat.Format(plan.DayOne),
            new WindowResponse(WireFormat.Format(plan.WindowStart), WireFormat.Format(plan.WindowEnd), plan.DaysBefore + plan.DaysAfter, plan.WindowClosures),
            [.. plan.Fractions.OrderBy(f => f.Start).ThenBy(f => f.Number).Select(f => Fraction(f, plan))],
            plan.Milestones,
            summary,
            plan.Explanation,
            plan.ProtocolDeviation)
        {
            AttentionReason = plan.AttentionReason,
            Unconfirmed = plan.Fractions.Any(f => f.IsUnconfirmed),
            Changes = changes,
        };
    }

    public static IReadOnlyList<ViolationResponse> Violations(IEnumerable<Violation> violations) =>
        [.. violations.Select(v => new ViolationResponse(v.Rule, v.Message, v.FractionId, v.LesionId, v.Date is { } d ? WireFormat.Format(d) : null))];

    /// <summary>422 for "no plan exists", with the core's code, summary, violations and suggestions.</summary>
    public static ProblemException Infeasible(Infeasibility infeasibility) =>
        Problems.Unprocessable(
            infeasibility.Code,
            infeasibility.Summary,
            Violations(infeasibility.Violations),
            infeasibility.Suggestions.Select(s => new SuggestionResponse(
                s.Kind, s.Message, s.DayOne is { } d ? WireFormat.Format(d) : null, s.MaxFractionsPerDay)).ToList());

    private static FractionResponse Fraction(FractionRecord f, PlanRecord plan) =>
        new(f.Id, f.LesionId, f.Number, f.DoseGy, f.LinacId,
            WireFormat.Format(f.Start, plan.Zone), WireFormat.Format(f.End, plan.Zone), f.Status, f.Pinned, f.IsUnconfirmed);
}
