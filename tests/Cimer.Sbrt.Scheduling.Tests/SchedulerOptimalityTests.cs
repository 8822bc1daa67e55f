using Cimer.Sbrt.Scheduling.Tests.Support;
using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// Optimality is only checkable against an independent answer: on small instances the solver's
/// (deviation, span, visits) must equal the brute force's, and "no plan" must agree both ways.
/// </summary>
public sealed class SchedulerOptimalityTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 150)];

    public static TheoryData<int> ReplanSeeds => [.. Enumerable.Range(1001, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Plan_SmallSeededInstance_MatchesBruteForce(int seed) => Solve.MatchesBruteForce(InstanceGenerator.CreateSmall(seed));

    [Theory]
    [MemberData(nameof(ReplanSeeds))]
    public void Plan_SmallSeededReplan_MatchesBruteForce(int seed)
    {
        var request = InstanceGenerator.CreateSmall(seed);
        if (BruteForce.Solve(request).Witness is { } witness)
        {
            Solve.MatchesBruteForce(InstanceGenerator.Replan(request, witness, seed));
        }
    }

    [Fact]
    public void Plan_FreeSlotDriftsEarlierEachDay_KeepsFortyEightHoursAndStaysOptimal()
    {
        // One free slot a day on a 7-day center, at 11:00, 10:00, 09:00, 11:00, ...: two calendar days
        // apart is often 46 or 47 h, so a solver counting days instead of hours would go wrong here.
        var linac = Fixtures.Linac(toHour: 12, slotMinutes: 60);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.EveryDay), Fixtures.QuietMonday, linacs: linac);
        var bookings = Spec.Days(Fixtures.QuietMonday.PlusDays(-2), Fixtures.QuietMonday.PlusDays(13))
            .SelectMany((d, n) => Fixtures.Book(request, linac, d, [.. new[] { 9, 10, 11 }.Where(h => h != 11 - (n % 3))]));

        Solve.MatchesBruteForce(request with { Bookings = [.. bookings] });
    }

    [Fact]
    public void Plan_FullDayDowntimeInW0_WidensOneDayAfterAndNamesIt()
    {
        // Monday-Friday, D1 Wednesday 2026-10-07, the only linac down all of Thu 15 and Fri 16: W0 keeps
        // 7, 8, 9, 12, 13, 14, at most 4 dates 48 h apart. Widened: 5, 7, 9, 12, 14 deviates 2 days,
        // 7, 9, 12, 14, 19 deviates 1: the best plan is one day late, span 13.
        var dayOne = new LocalDate(2026, 10, 7);
        var repair = new Downtime(new LocalDate(2026, 10, 15) + LocalTime.Midnight, new LocalDate(2026, 10, 17) + LocalTime.Midnight, "Repair");
        var linac = Fixtures.Linac(toHour: 11) with { Downtimes = [repair] };
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), dayOne, linacs: linac);

        var plan = Solve.Feasible(request);

        Assert.Equal(new PlanKey(1, 13, 5), PlanKey.Of(request, plan));
        Assert.Equal((dayOne.PlusDays(-2), dayOne.PlusDays(13)), (plan.Window.Start, plan.Window.End));
        Assert.Equal((0, 1), (plan.Window.DaysBefore, plan.Window.DaysAfter));
        Assert.NotEmpty(plan.Window.Closures);
        Assert.All(plan.Window.Closures, c => Assert.Contains(c.Date, new[] { new LocalDate(2026, 10, 15), new LocalDate(2026, 10, 16) }));
        Solve.MatchesBruteForce(request);
    }

    [Fact]
    public void Plan_DaysBlockedByBookingsAndPartialDowntime_DoesNotWiden()
    {
        // Same calendar, but Thu 15 and Fri 16 are lost to a 09:00 QA slot plus another patient's 10:00
        // booking: no closure (the linac is not down all day), so no widening, so no plan.
        var dayOne = new LocalDate(2026, 10, 7);
        var linac = Fixtures.Linac(toHour: 11, slotMinutes: 60) with
        {
            Downtimes = [.. new[] { 15, 16 }.Select(d => new Downtime(new LocalDate(2026, 10, d) + new LocalTime(9, 0), new LocalDate(2026, 10, d) + new LocalTime(10, 0), "QA"))],
        };
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), dayOne, linacs: linac);
        request = request with { Bookings = [.. new[] { 15, 16 }.SelectMany(d => Fixtures.Book(request, linac, new LocalDate(2026, 10, d), 10))] };

        Assert.False(BruteForce.Solve(request).IsFeasible);
        Assert.Equal(InfeasibilityCodes.LinacsUnavailable, Solve.Infeasible(request).Code);
    }

    [Fact]
    public void Plan_TwoLinacsOneBusyInTheMorning_MatchesBruteForce()
    {
        // Two lesions, cap 2: a shared visit needs two consecutive free slots on one linac, which only
        // the afternoon linac has on some days.
        var morning = Fixtures.Linac("L1", 9, 11, 30);
        var afternoon = Fixtures.Linac("L2", 13, 14, 30);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday, lesions: 2, cap: 2, morning, afternoon);
        var bookings = Spec.Days(Fixtures.QuietMonday, Fixtures.QuietMonday.PlusDays(11))
            .Where((_, n) => n % 2 == 0)
            .SelectMany(d => Fixtures.Book(request, morning, d, 9).Concat(Fixtures.Book(request, morning, d, 10).Take(1)));

        Solve.MatchesBruteForce(request with { Bookings = [.. bookings] });
    }

    [Fact]
    public void Plan_PinnedFractionLateInTheDay_PlansAroundItOptimally()
    {
        // A physicist pinned lesion 1 on Friday of week 1 at 11:30: Wednesday must be at or before
        // 11:30 and the next Sunday/Monday fraction at or after it.
        var linac = Fixtures.Linac(toHour: 12);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday, lesions: 2, linacs: linac);
        var pinned = Fixtures.Kept(request, linac, "les1", Fixtures.QuietMonday.PlusDays(4) + new LocalTime(11, 30), KeptReason.Pinned, "p1");

        Solve.MatchesBruteForce(request with { Kept = [pinned] });
    }

    [Fact]
    public void Plan_DeliveredMorningFractionThisMorning_SharesTheVisitOrMovesOn()
    {
        // Lesion 1 was treated today at 09:00 and "now" is 09:00: lesion 2 may still join today's visit
        // in the 09:30 slot, but nothing may be planned at or before now.
        var linac = Fixtures.Linac(toHour: 11);
        var request = Fixtures.Request(Fixtures.Center(Fixtures.MondayToFriday), Fixtures.QuietMonday, lesions: 2, linacs: linac);
        var delivered = Fixtures.Kept(request, linac, "les1", Fixtures.QuietMonday + new LocalTime(9, 0), KeptReason.Delivered, "d1");

        Solve.MatchesBruteForce(request with { Kept = [delivered], NotBefore = delivered.Start });
    }
}
