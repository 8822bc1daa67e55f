using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// A make-room search over booked plans, as decisions: the new patient's plan and each other plan's
/// re-plan, ready to write together once a scheduler accepts; or why there is no proposal.
/// </summary>
/// <param name="Outcome">The search's answer (<see cref="MakeRoomOutcome.NoRoom"/> says why there is none).</param>
/// <param name="NewPlan">The new patient's plan when there is a proposal.</param>
/// <param name="Others">Each other plan's next version when there is a proposal, in the search's order.</param>
public sealed record RoomDecisions(MakeRoomOutcome Outcome, PlanDecision? NewPlan, IReadOnlyList<PlanDecision> Others)
{
    /// <summary>Fractions of other plans that move.</summary>
    public int FractionsMoved => Others.Sum(d => d.Moves.Count);
}

/// <summary>Making room for a new patient among booked plans (<see cref="MakingRoom.Propose"/>), decided from what was read and now.</summary>
public static class BookedRoom
{
    /// <param name="newPatient">The new patient's request: every booking at the center, her cap, <c>NotBefore</c> = now.</param>
    /// <param name="patientId">The new patient.</param>
    /// <param name="centerId">Her center.</param>
    /// <param name="others">The center's live plans, each with its patient.</param>
    /// <param name="bookings">Every slot held at the center, by plan.</param>
    /// <param name="reason">Why, for each other plan's re-plan.</param>
    /// <param name="now">What is past.</param>
    /// <param name="grids">Slot grids shared across the search.</param>
    /// <param name="newId">Ids for the new plan and any fraction a re-plan adds.</param>
    /// <param name="limits">The search's bounds; default <see cref="MakeRoomLimits.Default"/>.</param>
    public static RoomDecisions Propose(
        PlanRequest newPatient, string patientId, string centerId, IReadOnlyList<PlanAround> others, IReadOnlyList<PlanBooking> bookings,
        string reason, Instant now, SlotGridCache grids, Func<string> newId, MakeRoomLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(newPatient);
        ArgumentNullException.ThrowIfNull(others);
        var held = new CenterBookings(bookings);
        var live = others.Where(o => o.Plan.IsUnfinished && o.Plan.Booked.Any(f => !f.Pinned && f.Status == FractionStatus.Planned && f.Start > now)).ToList();
        var rooms = new List<RoomPlan>(live.Count);
        var kept = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var other in live)
        {
            var (request, keptIds) = RemainderReplanning.Request(other.Plan, held.Around(other, newPatient.Center, newPatient.Linacs), now);
            kept[other.Plan.Id] = keptIds;
            rooms.Add(new RoomPlan(other.Plan.Id, request with { AllowProtocolDeviation = other.Plan.Booked.Any(f => f.Start.InZone(other.Plan.Zone).Date > other.Plan.WindowEnd) }, AsPlan(other.Plan)));
        }

        var outcome = MakingRoom.Propose(newPatient with { NotBefore = now }, rooms, limits, grids);
        if (!outcome.HasProposal)
        {
            return new RoomDecisions(outcome, null, []);
        }

        var created = PlanLifecycle.Create(outcome.Proposal.Plan, patientId, centerId, newPatient.Center.Zone, newPatient.MaxFractionsPerDay, newId);
        var byId = live.ToDictionary(o => o.Plan.Id, o => o.Plan, StringComparer.Ordinal);
        var changed = outcome.Proposal.Changes
            .Select(c => PlanLifecycle.Replanned(byId[c.PlanId], c.Plan, kept[c.PlanId], reason, newId))
            .ToList();
        return new RoomDecisions(outcome, created, changed);
    }

    /// <summary>The booked plan as the solver's plan, for the figures it must keep: past window, deviation, span, visits.</summary>
    private static Plan AsPlan(BookedPlan plan)
    {
        var booked = plan.Booked.OrderBy(f => f.Start).ToList();
        var dates = booked.Select(f => f.Start.InZone(plan.Zone).Date).Distinct().Order().ToList();
        var past = dates.Count == 0 ? 0 : Math.Max(0, Period.DaysBetween(plan.WindowEnd, dates[^1]));
        var summary = new PlanSummary(dates.Count == 0 ? 0 : Period.DaysBetween(dates[0], dates[^1]) + 1, dates.Count, booked.Sum(f => f.DoseGy));
        return new Plan(
            plan.DayOne,
            new PlanWindow(plan.WindowStart, plan.WindowEnd, plan.DaysBefore, plan.DaysAfter, []),
            [.. booked.Select(f => RemainderReplanning.ToPlanned(f, plan.Zone))],
            [],
            summary,
            [])
        {
            ProtocolDeviation = past > 0 ? new ProtocolDeviation(past, []) : null,
        };
    }
}
