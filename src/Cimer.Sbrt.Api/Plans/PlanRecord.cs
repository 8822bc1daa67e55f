using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// A plan as stored: the core's booked plan (what every decision reads), the words and dates the
/// solver last gave it (its outline) and each fraction's calendar stamp (what the feeds publish).
/// Immutable: a change is a decision of the core, written as the next record.
/// </summary>
internal sealed record PlanRecord(BookedPlan Plan, PlanOutline Outline, IReadOnlyDictionary<string, CalendarStamp> Stamps)
{
    public string Id => Plan.Id;
    public DateTimeZone Zone => Plan.Zone;
    public long Version => Plan.Version;

    /// <summary>The fraction with <paramref name="fractionId"/>, or 404.</summary>
    public BookedFraction Fraction(string fractionId) =>
        Plan.Find(fractionId) ?? throw Problems.NotFound("fraction of this plan", fractionId);

    /// <summary>The record a decision leaves: its plan, the solver's new outline when it planned, stamps as they were.</summary>
    public static PlanRecord After(PlanRecord? before, PlanDecision decision) =>
        new(decision.After,
            decision.Solved is { } solved ? PlanOutline.From(solved) : before?.Outline ?? throw new ArgumentException("A new plan is always solved.", nameof(decision)),
            before?.Stamps ?? new Dictionary<string, CalendarStamp>());
}

/// <summary>What the solver said of the plan when it last planned it: window closures, milestones, explanation, deviation.</summary>
internal sealed record PlanOutline(
    IReadOnlyList<ClosureEntry> WindowClosures,
    IReadOnlyList<MilestoneResponse> Milestones,
    IReadOnlyList<string> Explanation,
    ProtocolDeviationResponse? ProtocolDeviation)
{
    public static PlanOutline From(Scheduling.Plan plan) => new(
        [.. plan.Window.Closures.Select(c => new ClosureEntry(WireFormat.Format(c.Date), c.Reason))],
        [.. plan.Milestones.Select(m => new MilestoneResponse(m.Kind, WireFormat.Format(m.Date)))],
        [.. plan.Explanation],
        plan.ProtocolDeviation is { } deviation ? DeviationCauses.Describe(deviation) : null);
}

/// <summary>
/// A fraction's calendar stamp as stored: its iCalendar SEQUENCE and when its published event last
/// changed (raised when its slot, number or booked state changes).
/// </summary>
internal sealed record CalendarStamp(long Sequence, string ChangedUtc);
