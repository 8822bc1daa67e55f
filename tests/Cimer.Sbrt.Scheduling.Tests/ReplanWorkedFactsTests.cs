using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// The worked facts of re-planning (scheduling-rules.md "Re-planning" and "Worked facts"), each on a
/// plan the solver made first, then delivered, missed or disrupted the way the service records it,
/// and each also held to <see cref="ReplanBruteForce"/>.
/// </summary>
public sealed class ReplanWorkedFactsTests
{
    private static readonly LocalDate Monday = Fixtures.QuietMonday;

    /// <summary>Wednesday 2026-10-07: the +/-2 days around W0 are Mon-Tue before and Mon-Tue after, all open.</summary>
    private static readonly LocalDate Wednesday = Fixtures.QuietMonday.PlusDays(2);

    /// <summary>Three 30-minute slots a day (09:00-10:30): small enough for the brute force with five lesions.</summary>
    private static readonly Linac L1 = new("L1", new LocalTime(9, 0), new LocalTime(10, 30), 30);

    private static readonly Linac L2 = L1 with { Id = "L2" };

    /// <summary>1, 3 and 5 lesions, each with a miss on its first, middle and last fraction.</summary>
    public static TheoryData<int, int> Misses => new() { { 1, 1 }, { 1, 3 }, { 1, 5 }, { 3, 1 }, { 3, 3 }, { 3, 5 }, { 5, 1 }, { 5, 3 }, { 5, 5 } };

    [Theory]
    [MemberData(nameof(Misses))]
    public void Plan_MissInPlainFortnight_LesionGetsFiveAndNothingElseMovesThatNeedNot(int lesions, int number)
    {
        // Mon-Fri, D1 Monday, no closure. Lesion 1's fraction `number` is not given at its start ("now");
        // what came before it is delivered, what comes after is the previous version's Planned fractions.
        var first = Fortnight(lesions);
        var previous = ReplanGenerator.WithIds(Solve.Feasible(first));
        var missed = previous.Fractions.Single(f => f.LesionId == "les1" && f.Number == number);
        var request = ReplanGenerator.After(first, previous, missed.Start.ToInstant(), missed: [missed]);

        var (plan, expected) = SolveReplan.Feasible(request);

        var lesion1 = plan.Fractions.Where(f => f.LesionId == "les1").OrderBy(f => f.Number).ToList();
        Assert.Equal(5, lesion1.Count);
        Assert.Equal(number - 1, lesion1.Count(f => f.Origin == FractionOrigin.Delivered));
        Assert.All(lesion1.Skip(number - 1), f => Assert.True(f.Origin == FractionOrigin.Planned && f.Start.ToInstant() > request.NotBefore));
        Assert.Equal(lesion1.OrderBy(f => f.Start.ToInstant()).Select(f => f.Number), [1, 2, 3, 4, 5]);
        Assert.Equal((Monday, Monday.PlusDays(11)), (plan.Window.Start, plan.Window.End));
        if (expected.UnforcedMoves == 0)
        {
            Assert.Equal(0, plan.UnforcedMoves);
            Assert.All(ReplanSpec.Unforced(request), p => Assert.Contains(plan.Fractions, f => f.LesionId == p.LesionId && f.LinacId == p.LinacId && f.Start.ToInstant() == p.Start.ToInstant()));
        }

        if (plan.ProtocolDeviation is { } deviation)
        {
            Assert.Contains(new DeviationCause("missedFraction", missed.FractionId, missed.Start.Date), deviation.Causes);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Plan_LastFractionMissedOnDayTwelve_MovesToMondayThreeDaysPastTheWindow(int lesions)
    {
        // Five lesions at cap 3 need all of days 1-12, so some lesion's fifth fraction is on Friday
        // D1+11. It is missed and "now" is that evening: the next open day 48 h after its fourth is
        // Monday D1+14, three days past W0, caused by the miss. A miss is not a holiday: W0 stays W0.
        var first = Fortnight(lesions);
        var previous = ReplanGenerator.WithIds(Solve.Feasible(first));
        var lastDay = Monday.PlusDays(11);
        if (lesions == 1)
        {
            // One lesion's best plan ends on D1+9; pin its course to D1, +2, +4, +7, +11 the way a physicist might have.
            previous = PlanFactory.Build(first, [.. new[] { 0, 2, 4, 7, 11 }.Select((d, i) => PlanFactory.At(first, L1, "les1", Monday.PlusDays(d) + new LocalTime(9, 0)) with { FractionId = $"les1.{i + 1}" })]);
        }

        var missed = previous.Fractions.Where(f => f.Start.Date == lastDay).OrderBy(f => f.Start.ToInstant()).First(f => f.Number == 5);
        var evening = (lastDay + new LocalTime(18, 0)).InZoneStrictly(first.Center.Zone).ToInstant();
        var request = ReplanGenerator.After(first, previous, evening, missed: [missed]);

        var plan = SolveReplan.Feasible(request).Plan;

        var fifth = plan.Fractions.Single(f => f.LesionId == missed.LesionId && f.Number == 5);
        Assert.Equal(Monday.PlusDays(14), fifth.Start.Date);
        Assert.Equal(FractionOrigin.Planned, fifth.Origin);
        Assert.NotNull(plan.ProtocolDeviation);
        Assert.Equal(3, plan.ProtocolDeviation.DaysPastWindow);
        Assert.Equal([new DeviationCause("missedFraction", missed.FractionId, lastDay)], plan.ProtocolDeviation.Causes);
        Assert.Equal((Monday, lastDay, 0), (plan.Window.Start, plan.Window.End, plan.Window.DaysBefore));
        Assert.Empty(plan.Window.Closures);
        Assert.Equal(0, plan.UnforcedMoves);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Plan_FullDayDowntimeUnderThreeLesionsVisit_MovesOnlyThatVisit(bool secondLinac)
    {
        // Three lesions, one visit of three a day. After the first visit, L1 goes down all day under the
        // next three-fraction visit: those fractions have to move (to L2 that day when there is one),
        // no other needs to, and a full-day downtime inside W0 counts as a closure for rule 3.
        var first = Fortnight(3, secondLinac ? [L1, L2] : [L1]);
        var previous = ReplanGenerator.WithIds(Solve.Feasible(first));
        var visits = previous.Fractions.GroupBy(f => f.Start.Date).OrderBy(g => g.Key).ToList();
        var now = visits[0].Max(f => f.End.ToInstant());
        var hit = visits.Skip(1).First(v => v.Count() == 3 && v.All(f => f.LinacId == "L1"));
        var repair = new Downtime(hit.Key + LocalTime.Midnight, hit.Key.PlusDays(1) + LocalTime.Midnight, "Repair") { Id = "repair" };
        var request = ReplanGenerator.After(first, previous, now, downtimes: [("L1", repair)]);

        var (plan, expected) = SolveReplan.Feasible(request);

        Assert.All(hit, f => Assert.Equal(Forced.Down, ReplanSpec.ForcedBy(request, f)));
        Assert.DoesNotContain(plan.Fractions, f => f.LinacId == "L1" && f.Start.Date == hit.Key);
        Assert.Equal(expected.UnforcedMoves, plan.UnforcedMoves);
        Assert.Contains(hit.Key, Spec.ClosureDatesInW0(request));
        if (secondLinac)
        {
            Assert.Equal(PlanKey.Of(first, previous), PlanKey.Of(request, plan));
            Assert.Equal(3, plan.Fractions.Count(f => f.LinacId == "L2" && f.Start.Date == hit.Key));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Plan_SnowDayAddedInsideW0_UsesTheWideningAndNamesIt(int lesions)
    {
        // D1 Wednesday: Wed, Fri, Mon, Wed, Fri (D1..D1+9). Four visits given, then snow on Friday
        // D1+9: the fifth fractions need 48 h after Wednesday D1+7 and the next open day is Monday
        // D1+12. A closure inside W0 earns the +/-2 days: one day of widening, no protocol deviation.
        var first = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Wednesday, lesions, 3, L1);
        var previous = ReplanGenerator.WithIds(Solve.Feasible(first));
        Assert.Equal(new PlanKey(0, 10, 5), PlanKey.Of(first, previous));
        var snowDay = Wednesday.PlusDays(9);
        var snow = new Closure(snowDay, "Snow day") { Id = "snow" };
        var now = (Wednesday.PlusDays(7) + new LocalTime(18, 0)).InZoneStrictly(first.Center.Zone).ToInstant();
        var request = ReplanGenerator.After(first, previous, now, closure: snow);

        var plan = SolveReplan.Feasible(request).Plan;

        Assert.Equal(new ReplanKey(0, 1, 0, 13, 5), ReplanKey.Of(request, plan));
        Assert.All(plan.Fractions.Where(f => f.Number == 5), f => Assert.Equal(Wednesday.PlusDays(12), f.Start.Date));
        Assert.Equal((Wednesday.PlusDays(-2), Wednesday.PlusDays(13), 1), (plan.Window.Start, plan.Window.End, plan.Window.DeviationDays));
        Assert.Contains(plan.Window.Closures, c => c.Date == snowDay);
        Assert.Null(plan.ProtocolDeviation);
    }

    [Fact]
    public void Plan_PinnedFractionUnderNewDowntime_KeptFractionsConflictNamingIt()
    {
        // R1: a physicist pinned lesion 2's third fraction; then QA is booked over its slot. The solver
        // never moves a pinned fraction and never drops it: no plan until a person moves or unpins it.
        var first = Fortnight(2);
        var previous = ReplanGenerator.WithIds(Solve.Feasible(first));
        var pinned = previous.Fractions.Single(f => f.LesionId == "les2" && f.Number == 3);
        var qa = new Downtime(pinned.Start.LocalDateTime, pinned.End.LocalDateTime, "QA") { Id = "qa" };
        var now = previous.Fractions.Single(f => f.LesionId == "les2" && f.Number == 1).End.ToInstant();
        var request = ReplanGenerator.After(first, previous, now, pinned: [pinned], downtimes: [(pinned.LinacId, qa)]);

        var why = Solve.Infeasible(request);

        Assert.Equal(InfeasibilityCodes.KeptFractionsConflict, why.Code);
        Assert.Contains(why.Violations, v => v.FractionId == pinned.FractionId);
        Assert.False(ReplanBruteForce.Solve(request).IsFeasible);
    }

    private static PlanRequest Fortnight(int lesions, Linac[]? linacs = null) =>
        Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Monday, lesions, 3, linacs ?? [L1]);
}
