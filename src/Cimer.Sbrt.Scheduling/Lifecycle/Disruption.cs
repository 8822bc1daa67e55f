using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>What a disruption did to one plan it touches.</summary>
public enum ImpactOutcome
{
    Unchanged,
    Replanned,
    NeedsAttention,
}

/// <summary>One plan's decision in a bulk re-plan, and how it came out.</summary>
public sealed record ImpactDecision(PlanDecision Decision, ImpactOutcome Outcome);

/// <summary>
/// New downtime of one linac, or a new closure of a whole center: the instants it takes away, and the
/// calendar or linac it changes.
/// </summary>
public sealed record Disruption
{
    private Disruption(string kind, string id, string? linacId, Instant start, Instant end, string description)
    {
        (Kind, Id, LinacId, Start, End, Description) = (kind, id, linacId, start, end, description);
    }

    /// <summary>"downtime" or "closure", the words deviation causes use.</summary>
    public string Kind { get; }

    public string Id { get; }

    /// <summary>The linac that is down; null for a closure (every linac).</summary>
    public string? LinacId { get; }

    /// <summary>First instant taken away.</summary>
    public Instant Start { get; }

    /// <summary>First instant given back (exclusive).</summary>
    public Instant End { get; }

    /// <summary>What it is, in words: "TrueBeam 1 down 2026-12-08T08:00..2026-12-08T18:00 (annual QA)".</summary>
    public string Description { get; }

    private Downtime? Downtime { get; init; }

    private Closure? Closure { get; init; }

    public static Disruption Of(string linacId, Downtime downtime, DateTimeZone zone, string description)
    {
        ArgumentNullException.ThrowIfNull(downtime);
        ArgumentNullException.ThrowIfNull(zone);
        return new Disruption("downtime", downtime.Id ?? "", linacId, downtime.Start.InZoneLeniently(zone).ToInstant(), downtime.End.InZoneLeniently(zone).ToInstant(), description)
        {
            Downtime = downtime,
        };
    }

    public static Disruption Of(Closure closure, DateTimeZone zone, string description)
    {
        ArgumentNullException.ThrowIfNull(closure);
        ArgumentNullException.ThrowIfNull(zone);
        return new Disruption("closure", closure.Id ?? "", null, closure.Date.AtStartOfDayInZone(zone).ToInstant(), closure.Date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant(), description)
        {
            Closure = closure,
        };
    }

    /// <summary>True when the fraction's slot overlaps what this takes away.</summary>
    public bool Covers(BookedFraction fraction)
    {
        ArgumentNullException.ThrowIfNull(fraction);
        return (LinacId is null || fraction.LinacId == LinacId) && fraction.Start < End && Start < fraction.End;
    }

    /// <summary>The calendar with this closure, or the linacs with this downtime: what the solver plans on once it exists.</summary>
    public (CenterCalendar Calendar, IReadOnlyList<Linac> Linacs) AppliedTo(CenterCalendar calendar, IReadOnlyList<Linac> linacs)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(linacs);
        if (Closure is { } closure)
        {
            return (new CenterCalendar(calendar.Zone, calendar.OpenDays, [closure, .. calendar.Closures]), linacs);
        }

        return (calendar, [.. linacs.Select(l => l.Id == LinacId ? l with { Downtimes = [.. l.Downtimes, Downtime!] } : l)]);
    }
}

/// <summary>
/// Re-plans every plan a new downtime or closure touches, one at a time in the order given (oldest day 1
/// first, then the plan made first), each around the bookings of all the others as they stand, plans
/// re-planned earlier in the batch included. R1: a delivered, pinned or past fraction under it is never
/// moved; the plan needs attention. R5: a plan no re-plan fits (beyond D1+19) needs attention, and its
/// fractions under the disruption are displaced.
/// </summary>
public static class DisruptionReplanning
{
    /// <param name="disruption">The new downtime or closure, not yet in <paramref name="calendar"/> or <paramref name="linacs"/>.</param>
    /// <param name="calendar">The center's calendar as read, covering every touched plan's dates.</param>
    /// <param name="linacs">The center's linacs as read.</param>
    /// <param name="touched">The plans it touches, in the order to re-plan them.</param>
    /// <param name="bookings">Every slot held at the center over those dates, by plan.</param>
    /// <param name="now">Re-plans use only slots after it (R2).</param>
    /// <param name="grids">Slot grids shared across the batch.</param>
    /// <param name="newId">Ids for fractions a re-plan adds.</param>
    public static IReadOnlyList<ImpactDecision> Replan(
        Disruption disruption, CenterCalendar calendar, IReadOnlyList<Linac> linacs, IReadOnlyList<PlanAround> touched,
        IReadOnlyList<PlanBooking> bookings, Instant now, SlotGridCache grids, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(disruption);
        ArgumentNullException.ThrowIfNull(touched);
        var (disruptedCalendar, disruptedLinacs) = disruption.AppliedTo(calendar, linacs);
        var held = new CenterBookings(bookings);
        var impacts = new List<ImpactDecision>(touched.Count);
        foreach (var item in touched)
        {
            var impact = ReplanOne(disruption, item.Plan, held.Around(item, disruptedCalendar, disruptedLinacs), now, grids, newId);
            held.Hold(impact.Decision.After);
            impacts.Add(impact);
        }

        return impacts;
    }

    private static ImpactDecision ReplanOne(Disruption disruption, BookedPlan plan, PlanRequest around, Instant now, SlotGridCache grids, Func<string> newId)
    {
        var named = $"the new {disruption.Description}";
        var loss = new SlotLoss(
            named,
            disruption.Covers,
            // The solver plans around delivered fractions wherever they are; a delivery inside new
            // downtime means one of the two records is wrong, which only a person can tell.
            f => f.Status == FractionStatus.Delivered
                ? $"The delivered fraction at {Words.Moment(f.Start, plan.Zone)} lies in {named}: check the delivery record or the {disruption.Kind}."
                : null,
            $"The new {disruption.Description} covers a fraction the solver must not move.")
        {
            SaysOtherMachine = true,
        };
        var decision = loss.Replan(plan, around, $"Re-planned around {named}.", now, grids, newId, suggestOpenings: true);
        var outcome = decision.NeedsAttention ? ImpactOutcome.NeedsAttention
            : decision.Changes!.Count == 0 ? ImpactOutcome.Unchanged
            : ImpactOutcome.Replanned;
        return new ImpactDecision(decision, outcome);
    }
}

/// <summary>What one nightly reconciliation of a center decided: each plan's changes in order, and how many fractions it flagged and missed.</summary>
public sealed record ReconciliationDecision(IReadOnlyList<PlanDecision> Decisions, int Flagged, int Missed);

/// <summary>
/// The nightly reconciliation: every fraction that has started with no delivery record is flagged
/// unconfirmed once; with <c>autoMissAfterHours</c>, those unconfirmed that long after their start are
/// recorded as missed and what remains is re-planned at once (R4), each plan around the others as they
/// stand, earlier re-plans of the run included.
/// </summary>
public static class NightlyReconciliation
{
    public static ReconciliationDecision Decide(
        IReadOnlyList<PlanAround> plans, CenterCalendar calendar, IReadOnlyList<Linac> linacs, IReadOnlyList<PlanBooking> bookings,
        Instant now, int? autoMissAfterHours, SlotGridCache grids, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var held = new CenterBookings(bookings);
        var decisions = new List<PlanDecision>();
        var (flagged, missed) = (0, 0);
        foreach (var item in plans)
        {
            var plan = item.Plan;
            var unrecorded = PlanLifecycle.Unrecorded(plan, now).ToList();
            if (PlanLifecycle.Unconfirmed(plan, now) is { } unconfirmed)
            {
                flagged += unrecorded.Count(f => f.UnconfirmedAt is null);
                decisions.Add(unconfirmed);
                plan = unconfirmed.After;
            }

            if (autoMissAfterHours is { } hours
                && unrecorded.Where(f => f.Start + Duration.FromHours(hours) <= now).Select(f => (f.Id, (Instant?)f.Start)).ToList() is { Count: > 0 } due)
            {
                var reason = $"Not confirmed within {hours} h of its start: recorded as missed by the nightly reconciliation.";
                var change = PlanLifecycle.Miss(plan, due, held.Around(item with { Plan = plan }, calendar, linacs), reason, now, grids, newId);
                var decision = change.Decision ?? throw new InvalidOperationException("A past fraction's miss is always recorded.");
                decisions.Add(decision);
                held.Hold(decision.After);
                missed += due.Count;
            }
        }

        return new ReconciliationDecision(decisions, flagged, missed);
    }
}
