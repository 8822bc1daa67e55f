using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// Minimal re-plans distilled from seeded sweeps where the solver and <see cref="ReplanBruteForce"/>
/// (and the oracles) disagreed. Each comment works the right answer out by hand.
/// </summary>
public sealed class ReplanRegressionTests
{
    [Fact]
    public void Plan_PastTheWindowEitherWay_FewerDeviationDaysBeatFewerMoves()
    {
        // Mon-Fri, D1 Tuesday 2026-10-06, a holiday on Friday 16th (inside W0, so the allowed window is
        // D1-2..D1+13 = Oct 4..19), one 09:00 slot a day. The previous version: Mon 5, Wed 7, Fri 9,
        // Mon 12, Wed 14. It is Sunday 4th; L1 goes down all of Fri 9th and Mon 19th. Usable dates:
        // 5, 6, 7, 8 | 12, 13, 14, 15 | 20, 21, 22, 23: two per week 48 h apart, so no plan ends by the
        // 19th; ending Tue 20th (1 day past) works. Starting Mon 5th (D1-1) keeps 5, 7, 12, 14: deviation
        // 1 + 3 = 4, no move. Starting Tue 6th (D1): 6, 8, 12, 14, 20: deviation 3, moving 5 and 7.
        // R5 "best": days past the window, then window-deviation days, and only then moves:
        // (past 1, deviation 3, moves 2, span 15, visits 5).
        var dayOne = new LocalDate(2026, 10, 6);
        var center = Fixtures.Center(Fixtures.MondayToFriday, new Closure(new LocalDate(2026, 10, 16), "Holiday") { Id = "holiday" });
        var linac = Fixtures.Linac(toHour: 10, slotMinutes: 60);
        var first = Fixtures.Request(center, dayOne, 1, 3, linac);
        var previous = PlanFactory.Build(first, [.. new[] { 5, 7, 9, 12, 14 }.Select((d, i) =>
            PlanFactory.At(first, linac, "les1", new LocalDate(2026, 10, d) + new LocalTime(9, 0)) with { FractionId = $"les1.{i + 1}" })], widened: true);
        var repairs = new[] { 9, 19 }.Select(d => ("L1", new Downtime(new LocalDate(2026, 10, d) + LocalTime.Midnight, new LocalDate(2026, 10, d + 1) + LocalTime.Midnight, "Repair") { Id = $"repair-{d}" })).ToList();
        var request = ReplanGenerator.After(first, previous, Fixtures.At(new LocalDate(2026, 10, 4), 12), downtimes: repairs);

        var plan = SolveReplan.Feasible(request).Plan;

        Assert.Equal(new ReplanKey(1, 3, 2, 15, 5), ReplanKey.Of(request, plan));
        Assert.Equal(dayOne, plan.Fractions.Min(f => f.Start.Date));
    }

    [Fact]
    public void Plan_MiddleFractionOfAVisitMissedRestDelivered_PlansTheRestAroundTheHistory()
    {
        // Three lesions on D1 at 09:00, 09:30, 10:00; lesion 2's 09:30 fraction is missed, the other two
        // are given, and it is now 10:30. The delivered visit has a hole no fraction can fill any more.
        // What was delivered is history, not a plan decision: rule 6 applies to visits being planned, so
        // the rest (lesion 2's five fractions and the others' four) is planned around it. Solver,
        // validator, oracle and brute force agree.
        var linac = new Linac("L1", new LocalTime(9, 0), new LocalTime(10, 30), 30);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday, 3, 3, linac);
        request = request with
        {
            Kept =
            [
                Fixtures.Kept(request, linac, "les1", Fixtures.QuietMonday + new LocalTime(9, 0), KeptReason.Delivered, "d1"),
                Fixtures.Kept(request, linac, "les3", Fixtures.QuietMonday + new LocalTime(10, 0), KeptReason.Delivered, "d3"),
            ],
            Missed = [new MissedFraction("les2", Fixtures.At(Fixtures.QuietMonday, 9, 30)) { FractionId = "m2" }],
            NotBefore = Fixtures.At(Fixtures.QuietMonday, 10, 30),
            AllowProtocolDeviation = true,
        };

        var outcome = Scheduler.Plan(request);

        Assert.True(outcome.IsFeasible);
        Assert.Empty(PlanValidator.Validate(request, outcome.Plan.Fractions));
        SolveReplan.MatchesBruteForce(request);
    }

    [Fact]
    public void Plan_PreviousFractionRightAfterAPinnedOne_StaysInItsSlot()
    {
        // Mon-Fri, D1 Monday, slots 09:00-10:30, cap 2. Delivered: lesion 1 on D1, +2, +4, +7 at 09:00,
        // lesion 2 on D1, +2, +4 at 09:30; lesion 1's fifth is pinned on Wed D1+9 at 09:30. The previous
        // version has lesion 2 at 10:00 on D1+9 (right after the pin: one visit) and D1+11. Now is
        // D1+7 10:00. Nothing forces either to move, and keeping both is a valid plan, so the best
        // re-plan moves nothing: (0, 0, 0, 12, 6). The solver only tries the earliest block around a
        // kept visit (09:00 + 09:30) and moves lesion 2's fourth to 09:00 (and its fifth to 10:00).
        var monday = Fixtures.QuietMonday;
        var linac = new Linac("L1", new LocalTime(9, 0), new LocalTime(10, 30), 30);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), monday, 2, 2, linac);
        var kept = new[] { 0, 2, 4, 7 }.Select((d, i) => Fixtures.Kept(request, linac, "les1", monday.PlusDays(d) + new LocalTime(9, 0), KeptReason.Delivered, $"les1.{i + 1}"))
            .Concat(new[] { 0, 2, 4 }.Select((d, i) => Fixtures.Kept(request, linac, "les2", monday.PlusDays(d) + new LocalTime(9, 30), KeptReason.Delivered, $"les2.{i + 1}")))
            .Append(Fixtures.Kept(request, linac, "les1", monday.PlusDays(9) + new LocalTime(9, 30), KeptReason.Pinned, "les1.5"))
            .ToList();
        request = request with
        {
            Kept = kept,
            Previous =
            [
                PlanFactory.At(request, linac, "les2", monday.PlusDays(9) + new LocalTime(10, 0)) with { Number = 4, FractionId = "les2.4" },
                PlanFactory.At(request, linac, "les2", monday.PlusDays(11) + new LocalTime(10, 0)) with { Number = 5, FractionId = "les2.5" },
            ],
            NotBefore = Fixtures.At(monday.PlusDays(7), 10),
            AllowProtocolDeviation = true,
        };

        var plan = SolveReplan.Feasible(request).Plan;

        Assert.Equal(new ReplanKey(0, 0, 0, 12, 6), ReplanKey.Of(request, plan));
        Assert.Equal(0, plan.UnforcedMoves);
    }

    [Fact]
    public void Plan_PreviousFractionRightAfterAPinnedOneThreeLesions_HasAPlan()
    {
        // Seed 3006 of ReplanGenerator, reduced: 7-day center, D1 Friday 2026-04-10, slots 08:00-09:30,
        // cap 2, three lesions, ten fractions delivered up to Thu 16th 08:30 (now 09:00), lesion 1's fifth
        // pinned Sat 18th 08:30, and the previous version's only other fraction lesion 3's fourth right
        // after it at 09:00. Fri 17, Sat 18 (with the pin), Mon 20 hold the rest: (0, 0, 0, 11, 10).
        // Without that previous fraction the solver finds this plan; with it, it answers "no plan"
        // (dailyCapTooLow here; windowTooShort in the seed, which also had a downtime on Mon 20th).
        var zone = InstanceGenerator.NewYork;
        var dayOne = new LocalDate(2026, 4, 10);
        var linac = new Linac("L1", new LocalTime(8, 0), new LocalTime(9, 30), 30);
        var request = Fixtures.Request(new CenterCalendar(zone, Fixtures.EveryDay), dayOne, 3, 2, linac);
        KeptFraction Kept(string lesion, int day, int hour, int minute, KeptReason reason, string id) =>
            Fixtures.Kept(request, linac, lesion, new LocalDate(2026, 4, day) + new LocalTime(hour, minute), reason, id);
        request = request with
        {
            Kept =
            [
                Kept("les1", 10, 8, 30, KeptReason.Delivered, "les1.1"), Kept("les2", 10, 9, 0, KeptReason.Delivered, "les2.1"),
                Kept("les3", 11, 8, 0, KeptReason.Delivered, "les3.1"),
                Kept("les1", 12, 8, 30, KeptReason.Delivered, "les1.2"), Kept("les2", 12, 9, 0, KeptReason.Delivered, "les2.2"),
                Kept("les3", 13, 8, 30, KeptReason.Delivered, "les3.2"),
                Kept("les1", 14, 8, 30, KeptReason.Delivered, "les1.3"),
                Kept("les2", 15, 8, 0, KeptReason.Delivered, "les2.3"), Kept("les3", 15, 8, 30, KeptReason.Delivered, "les3.3"),
                Kept("les1", 16, 8, 30, KeptReason.Delivered, "les1.4"),
                Kept("les1", 18, 8, 30, KeptReason.Pinned, "les1.5"),
            ],
            Previous = [PlanFactory.At(request, linac, "les3", new LocalDate(2026, 4, 18) + new LocalTime(9, 0)) with { Number = 4, FractionId = "les3.4" }],
            NotBefore = (new LocalDate(2026, 4, 16) + new LocalTime(9, 0)).InZoneStrictly(zone).ToInstant(),
            AllowProtocolDeviation = true,
        };

        Assert.True(Scheduler.Plan(request with { Previous = [] }).IsFeasible);
        var plan = SolveReplan.Feasible(request).Plan;

        Assert.Equal(new ReplanKey(0, 0, 0, 11, 10), ReplanKey.Of(request, plan));
    }
}
