using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

internal static class PlanResponses
{
    public static PlanResponse From(PlanRecord record, IReadOnlyList<FractionMove>? changes = null, IReadOnlyList<OpeningSuggestion>? openingSuggestions = null)
    {
        var (plan, outline) = (record.Plan, record.Outline);
        var booked = plan.Booked.ToList();
        var dates = booked.Select(f => f.Start.InZone(plan.Zone).Date).Distinct().Order().ToList();
        var summary = new SummaryResponse(
            dates.Count == 0 ? 0 : Period.DaysBetween(dates[0], dates[^1]) + 1,
            dates.Count,
            booked.Sum(f => f.DoseGy));
        return new PlanResponse(
            plan.Id,
            plan.PatientId,
            plan.Version,
            plan.Status,
            WireFormat.Format(plan.DayOne),
            new WindowResponse(WireFormat.Format(plan.WindowStart), WireFormat.Format(plan.WindowEnd), plan.DaysBefore + plan.DaysAfter, outline.WindowClosures),
            [.. plan.Fractions.OrderBy(f => f.Start).ThenBy(f => f.Number).Select(f => Fraction(f, plan.Zone))],
            outline.Milestones,
            summary,
            outline.Explanation,
            outline.ProtocolDeviation)
        {
            AttentionReason = plan.AttentionReason,
            Unconfirmed = plan.Fractions.Any(f => f.IsUnconfirmed),
            Changes = changes is null ? null : Changes(changes, plan.Zone),
            OpeningSuggestions = openingSuggestions is null ? null : OpeningSuggestions(openingSuggestions),
        };
    }

    /// <summary>Suggested openings as the contract writes them: local date and times, and the minutes.</summary>
    public static IReadOnlyList<OpeningSuggestionResponse> OpeningSuggestions(IEnumerable<OpeningSuggestion> suggestions) =>
        [.. suggestions.Select(s => new OpeningSuggestionResponse(WireFormat.Format(s.Date), s.LinacId, WireFormat.Format(s.OpensAt), WireFormat.Format(s.ClosesAt), s.Minutes))];

    /// <summary>Moves as the contract writes them: linac and start, center time with its offset.</summary>
    public static IReadOnlyList<ChangeResponse> Changes(IEnumerable<FractionMove> moves, DateTimeZone zone) =>
        [.. moves.Select(m => new ChangeResponse(m.FractionId, m.From is { } from ? Slot(from, zone) : null, Slot(m.To, zone)))];

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

    /// <summary>The problem for a change the core refused: 400 on a field, 409, or 422 with the broken rules.</summary>
    public static ProblemException Refused(PlanRefusal refusal) => refusal.Kind switch
    {
        RefusalKind.InvalidField => Problems.Field(refusal.Field ?? "body", refusal.Message),
        RefusalKind.Conflict => Problems.Conflict(refusal.Message),
        _ => Problems.Unprocessable(refusal.Code ?? "breaksRules", refusal.Message, Violations(refusal.Violations)),
    };

    /// <summary>The decision of a change, or the problem that answers it (a refusal, or no plan fits).</summary>
    public static PlanDecision DecisionOf(PlanChange change) =>
        change.Decision ?? throw (change.Refusal is { } refusal ? Refused(refusal) : Infeasible(change.Infeasibility!));

    private static SlotRef Slot(SlotAt slot, DateTimeZone zone) => new(slot.LinacId, WireFormat.Format(slot.Start, zone));

    private static FractionResponse Fraction(BookedFraction f, DateTimeZone zone) =>
        new(f.Id, f.LesionId, f.Number, f.DoseGy, f.LinacId,
            WireFormat.Format(f.Start, zone), WireFormat.Format(f.End, zone), f.Status, f.Pinned, f.IsUnconfirmed);
}
