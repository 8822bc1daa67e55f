using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// The plan's lifecycle as pure decisions: each change answers the next version, its moves and events,
/// or why not, and leaves the plan it read as it was.
/// </summary>
public sealed class PlanLifecycleTests
{
    private static readonly LocalDate Monday = Fixtures.QuietMonday;
    private static readonly Linac L1 = Fixtures.Linac("L1", toHour: 12);
    private static readonly Linac L2 = Fixtures.Linac("L2", toHour: 12);

    private static PlanRequest Around(LocalDate dayOne, int lesions = 1, params Linac[] linacs) =>
        Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), dayOne, lesions, linacs: linacs.Length == 0 ? [L1] : linacs);

    private static Func<string> Counter(string prefix)
    {
        var next = 0;
        return () => $"{prefix}{++next}";
    }

    private static BookedPlan Booked(PlanRequest around, string planId = "p1")
    {
        var solved = Solve.Feasible(around);
        var ids = Counter($"{planId}-f");
        var first = true;
        return PlanLifecycle.Create(solved, "patient-" + planId, "c1", around.Center.Zone, around.MaxFractionsPerDay, () =>
        {
            if (first)
            {
                first = false;
                return planId;
            }

            return ids();
        }).After;
    }

    [Fact]
    public void Create_BooksEveryFractionOfTheSolvedPlan_AsVersionOne()
    {
        var around = Around(Monday, lesions: 2);
        var solved = Solve.Feasible(around);

        var decision = PlanLifecycle.Create(solved, "pat", "c1", around.Center.Zone, 3, Counter("id"));

        Assert.Equal(PlanChangeKind.Created, decision.Kind);
        Assert.Null(decision.Before);
        Assert.Equal([PlanEvent.PlanCreated], decision.Events);
        Assert.Equal(1, decision.After.Version);
        Assert.Equal(10, decision.After.Booked.Count());
        Assert.Equal(solved.Fractions.Select(f => (f.LinacId, f.Start.ToInstant())).Order(), decision.After.Fractions.Select(f => (f.LinacId, f.Start)).Order());
        Assert.Equal(11, decision.After.Fractions.Select(f => f.Id).Append(decision.After.Id).Distinct().Count());
        Assert.Equal(10, decision.Moves.Count);
    }

    [Fact]
    public void Edit_ToASlotAnotherPlanHolds_IsAConflict()
    {
        var around = Around(Monday);
        var plan = Booked(around);
        var fraction = plan.Booked.OrderBy(f => f.Start).Last();
        var taken = fraction.Start + Duration.FromMinutes(30);
        var withOther = around with { Bookings = [new Booking("L1", taken, taken + Duration.FromMinutes(30))] };

        var change = PlanLifecycle.Edit(plan, fraction.Id, new FractionEdit(taken, null, null), withOther, "patient asked", Fixtures.At(Monday, 7));

        Assert.Equal(RefusalKind.Conflict, change.Refusal?.Kind);
        Assert.Null(change.Decision);
    }

    [Fact]
    public void Edit_NotASlotStartOrUnknownLinac_NamesTheField()
    {
        var around = Around(Monday);
        var plan = Booked(around);
        var fraction = plan.Booked.First();
        var now = Fixtures.At(Monday, 7);

        var offGrid = PlanLifecycle.Edit(plan, fraction.Id, new FractionEdit(fraction.Start + Duration.FromMinutes(10), null, null), around, "r", now);
        var unknown = PlanLifecycle.Edit(plan, fraction.Id, new FractionEdit(null, "L9", null), around, "r", now);

        Assert.Equal(("start", RefusalKind.InvalidField), (offGrid.Refusal?.Field, offGrid.Refusal!.Kind));
        Assert.Equal(("linacId", RefusalKind.InvalidField), (unknown.Refusal?.Field, unknown.Refusal!.Kind));
    }

    [Fact]
    public void Edit_ThatBreaksTheFortyEightHours_ListsTheViolation_AndAValidMoveIsTheNextVersion()
    {
        var around = Around(Monday, linacs: [L1, L2]);
        var plan = Booked(around);
        var ordered = plan.Booked.OrderBy(f => f.Start).ToList();
        var now = Fixtures.At(Monday, 7);

        // The second fraction onto the first one's day: 48 h broken.
        var tooClose = PlanLifecycle.Edit(plan, ordered[1].Id, new FractionEdit(ordered[0].Start, "L2", null), around, "r", now);
        Assert.Equal(RefusalKind.BreaksRules, tooClose.Refusal?.Kind);
        Assert.Equal("editBreaksRules", tooClose.Refusal!.Code);
        Assert.Contains(tooClose.Refusal.Violations, v => v.Rule == Rules.Gap48h);

        // The same fraction to the other linac at its own time, pinned: allowed.
        var moved = PlanLifecycle.Edit(plan, ordered[1].Id, new FractionEdit(null, "L2", true), around, "r", now).Decision!;
        Assert.Equal(plan.Version + 1, moved.After.Version);
        Assert.Equal(("L2", true), (moved.After.Find(ordered[1].Id)!.LinacId, moved.After.Find(ordered[1].Id)!.Pinned));
        Assert.Equal([new FractionMove(ordered[1].Id, ordered[1].Slot, new SlotAt("L2", ordered[1].Start))], moved.Moves);
        Assert.Equal("L1", plan.Find(ordered[1].Id)!.LinacId);
    }

    [Fact]
    public void Deliver_InTheFuture_IsRefused_AndTheLastDeliveryCompletesThePlan()
    {
        var around = Around(Monday);
        var plan = Booked(around);
        var ordered = plan.Booked.OrderBy(f => f.Start).ToList();

        var early = PlanLifecycle.Deliver(plan, ordered[0].Id, null, null, ordered[0].Start - Duration.FromMinutes(1));
        Assert.Equal("deliveryInFuture", early.Refusal?.Code);

        var current = plan;
        foreach (var fraction in ordered)
        {
            current = PlanLifecycle.Deliver(current, fraction.Id, null, null, fraction.End).Decision!.After;
            Assert.Equal(fraction == ordered[^1] ? PlanStatus.Completed : PlanStatus.Active, current.Status);
        }

        Assert.Equal(plan.Version + 5, current.Version);
        Assert.Equal(RefusalKind.Conflict, PlanLifecycle.Cancel(current, "r").Refusal?.Kind);
    }

    [Fact]
    public void Miss_RecordsTheMiss_AndReplansTheLesion_FromTheMissedSlot()
    {
        var around = Around(Monday);
        var plan = Booked(around);
        var first = plan.Booked.OrderBy(f => f.Start).First();

        var decision = PlanLifecycle.Miss(plan, [(first.Id, null)], around, "patient unwell", first.End, new SlotGridCache(), Counter("new")).Decision!;

        Assert.Equal([PlanEvent.FractionMissed, PlanEvent.PlanChanged], decision.Events);
        Assert.Equal(FractionStatus.Missed, decision.After.Find(first.Id)!.Status);
        Assert.Equal(5, decision.After.Booked.Count());
        Assert.Contains(decision.Changes!, m => m.From == first.Slot && m.FractionId.StartsWith("new", StringComparison.Ordinal));
        Assert.All(decision.After.Booked, f => Assert.True(f.Start > first.End));
        Assert.Equal(FractionStatus.Planned, plan.Find(first.Id)!.Status);
    }

    [Fact]
    public void Cancel_GivesEverySlotUp()
    {
        var plan = Booked(Around(Monday));

        var decision = PlanLifecycle.Cancel(plan, "withdrew").Decision!;

        Assert.Equal(PlanStatus.Cancelled, decision.After.Status);
        Assert.Empty(decision.After.Booked);
        Assert.Equal([PlanEvent.PlanCancelled], decision.Events);
        Assert.Equal(RefusalKind.Conflict, PlanLifecycle.CheckChangeable(decision.After)?.Kind);
    }

    [Fact]
    public void Disruption_ReplansPlansInOrder_EachAroundTheOthersAsTheyNowStand()
    {
        // Two one-lesion patients share one linac with two slots a day; a downtime takes the first two
        // days away. The first plan re-planned takes days the second then must avoid: bookings move in
        // memory, and no slot ends up held twice.
        var linac = Fixtures.Linac("L1", fromHour: 9, toHour: 10, slotMinutes: 30);
        var center = Fixtures.Center(Fixtures.MondayToFriday);
        var first = Booked(Fixtures.Request(center, Monday, linacs: linac), "a");
        var secondAround = Fixtures.Request(center, Monday, linacs: linac) with { Bookings = [.. first.Bookings] };
        var second = Booked(secondAround, "b");
        var bookings = first.Bookings.Select(b => new PlanBooking("a", b)).Concat(second.Bookings.Select(b => new PlanBooking("b", b))).ToList();
        var downtime = new Downtime(Monday + new LocalTime(0, 0), Monday.PlusDays(2) + new LocalTime(0, 0), "repair") { Id = "d1" };
        var disruption = Disruption.Of("L1", downtime, center.Zone, "downtime of L1");
        var patients = new[] { new PlanAround(first, secondAround.Patient), new PlanAround(second, secondAround.Patient) };

        var impacts = DisruptionReplanning.Replan(disruption, center, [linac], patients, bookings, Fixtures.At(Monday.PlusDays(-3), 12), new SlotGridCache(), Counter("n"));

        Assert.Equal(["a", "b"], impacts.Select(i => i.Decision.After.Id));
        var held = impacts.SelectMany(i => i.Decision.After.Booked).ToList();
        Assert.Equal(held.Count, held.Select(f => (f.LinacId, f.Start)).Distinct().Count());
        Assert.All(held, f => Assert.False(disruption.Covers(f)));
        Assert.All(impacts, i => Assert.Equal(ImpactOutcome.Replanned, i.Outcome));
    }

    [Fact]
    public void Disruption_LeavingRoomOnlyOnAnotherBeamGroup_NeedsAttention_DosePlanForAnotherMachine_NeverSwitches()
    {
        var tb = Fixtures.Linac("TB1", toHour: 12) with { BeamGroup = "TrueBeam" };
        var halcyon = Fixtures.Linac("H1", toHour: 12) with { BeamGroup = "Halcyon" };
        var around = Around(Monday, 1, tb, halcyon) with { BeamGroup = "TrueBeam" };
        var plan = Booked(around);
        Assert.All(plan.Booked, f => Assert.Equal("TB1", f.LinacId));
        var downtime = new Downtime(Monday + new LocalTime(0, 0), Monday.PlusDays(30) + new LocalTime(0, 0), "linac replaced") { Id = "d1" };
        var disruption = Disruption.Of("TB1", downtime, around.Center.Zone, "downtime of TB1");

        var impact = DisruptionReplanning.Replan(disruption, around.Center, around.Linacs, [new PlanAround(plan, around.Patient)],
            [], Fixtures.At(Monday.PlusDays(-3), 12), new SlotGridCache(), Counter("n")).Single();

        Assert.Equal(ImpactOutcome.NeedsAttention, impact.Outcome);
        Assert.StartsWith("Dose plan for another machine needed:", impact.Decision.Reason, StringComparison.Ordinal);
        Assert.Contains(around.Patient.Lesions[0].Label, impact.Decision.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(impact.Decision.After.Fractions, f => f.LinacId == "H1");
    }

    [Fact]
    public void Miss_LeavingRoomOnlyOnAnotherBeamGroup_FlagsThePlan_WithTheWords()
    {
        var tb = Fixtures.Linac("TB1", toHour: 12) with { BeamGroup = "TrueBeam" };
        var halcyon = Fixtures.Linac("H1", toHour: 12) with { BeamGroup = "Halcyon" };
        var around = Around(Monday, 1, tb, halcyon) with { BeamGroup = "TrueBeam" };
        var plan = Booked(around);
        var first = plan.Booked.OrderBy(f => f.Start).First();
        var down = new Downtime(Monday + new LocalTime(0, 0), Monday.PlusDays(30) + new LocalTime(0, 0), "linac replaced");
        var after = around with { BeamGroup = null, Linacs = [tb with { Downtimes = [down] }, halcyon] };

        var decision = PlanLifecycle.Miss(plan, [(first.Id, null)], after, "patient unwell", first.End, new SlotGridCache(), Counter("n")).Decision!;

        Assert.Equal(PlanStatus.NeedsAttention, decision.After.Status);
        Assert.Contains("dose plan for another machine needed", decision.After.AttentionReason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(decision.After.Fractions, f => f.LinacId == "H1");
    }

    [Fact]
    public void Replan_PastTheWindow_SuggestsOpeningsThatFit_AndNoneWhenItFits()
    {
        var around = Around(Monday);
        var plan = Booked(around);
        var last = plan.Booked.OrderBy(f => f.Start).Last();
        var lastDay = last.Start.InZone(around.Center.Zone).Date;
        // Down from the last fraction's day to the end of W0 (D1+11) at closing: the re-plan runs past the window.
        var down = new Downtime(lastDay + new LocalTime(0, 0), Monday.PlusDays(11) + new LocalTime(12, 0), "QA");
        var blocked = around with { Linacs = [L1 with { Downtimes = [down] }] };

        var decision = PlanLifecycle.Replan(plan, blocked, "asked", Fixtures.At(Monday.PlusDays(-3), 12), new SlotGridCache(), Counter("n")).Decision!;
        var fits = PlanLifecycle.Replan(plan, around, "asked", Fixtures.At(Monday.PlusDays(-3), 12), new SlotGridCache(), Counter("n")).Decision!;

        Assert.NotNull(decision.Solved!.ProtocolDeviation);
        Assert.NotEmpty(decision.OpeningSuggestions);
        var suggestion = decision.OpeningSuggestions[0];
        Assert.Equal("L1", suggestion.LinacId);
        var opened = blocked with { Linacs = [blocked.Linacs[0] with { Openings = [new Opening(suggestion.Date, suggestion.OpensAt, suggestion.ClosesAt, "suggested")] }] };
        Assert.Null(PlanLifecycle.Replan(plan, opened, "asked", Fixtures.At(Monday.PlusDays(-3), 12), new SlotGridCache(), Counter("n")).Decision!.Solved!.ProtocolDeviation);
        Assert.Empty(fits.OpeningSuggestions);
    }

    [Fact]
    public void Disruption_OverADeliveredFraction_NeedsAttention_AndMovesNothing()
    {
        var around = Around(Monday);
        var plan = Booked(around);
        var first = plan.Booked.OrderBy(f => f.Start).First();
        var delivered = PlanLifecycle.Deliver(plan, first.Id, null, null, first.End).Decision!.After;
        var downtime = new Downtime(Monday + new LocalTime(0, 0), Monday.PlusDays(1) + new LocalTime(0, 0), "repair");
        var disruption = Disruption.Of("L1", downtime, around.Center.Zone, "downtime of L1");

        var impact = DisruptionReplanning.Replan(disruption, around.Center, around.Linacs, [new PlanAround(delivered, around.Patient)],
            [], first.End, new SlotGridCache(), Counter("n")).Single();

        Assert.Equal(ImpactOutcome.NeedsAttention, impact.Outcome);
        Assert.Equal(PlanStatus.NeedsAttention, impact.Decision.After.Status);
        Assert.Contains("delivered fraction", impact.Decision.Reason, StringComparison.Ordinal);
        Assert.Empty(impact.Decision.Moves);
    }

    [Fact]
    public void Reconciliation_FlagsStartedUnrecordedFractionsOnce_AndMissesThemWhenAsked()
    {
        var around = Around(Monday);
        var plan = Booked(around);
        var first = plan.Booked.OrderBy(f => f.Start).First();
        var night = first.Start + Duration.FromHours(14);

        var flagged = NightlyReconciliation.Decide([new PlanAround(plan, around.Patient)], around.Center, around.Linacs, [], night, null, new SlotGridCache(), Counter("n"));
        Assert.Equal((1, 0), (flagged.Flagged, flagged.Missed));
        var again = NightlyReconciliation.Decide([new PlanAround(flagged.Decisions[0].After, around.Patient)], around.Center, around.Linacs, [], night, null, new SlotGridCache(), Counter("n"));
        Assert.Empty(again.Decisions);

        var missed = NightlyReconciliation.Decide([new PlanAround(plan, around.Patient)], around.Center, around.Linacs, [], night, 12, new SlotGridCache(), Counter("n"));
        Assert.Equal((1, 1), (missed.Flagged, missed.Missed));
        Assert.Equal([PlanChangeKind.Unconfirmed, PlanChangeKind.Missed], missed.Decisions.Select(d => d.Kind));
        Assert.Equal(plan.Version + 2, missed.Decisions[1].After.Version);
        Assert.Equal(FractionStatus.Missed, missed.Decisions[1].After.Find(first.Id)!.Status);
    }
}
