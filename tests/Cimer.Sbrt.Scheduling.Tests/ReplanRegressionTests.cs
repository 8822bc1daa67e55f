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
}
