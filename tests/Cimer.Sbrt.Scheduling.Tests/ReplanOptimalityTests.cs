using Cimer.Sbrt.Scheduling.Tests.Support;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>
/// R5's order of "best" for re-plans, checked against an independent answer: on small seeded
/// re-plans (misses on first, middle and last fractions, full-day and part-day downtime, a snow day in
/// W0, pinned fractions) the solver's (past, deviation, unforced moves, span, visits) equals
/// <see cref="ReplanBruteForce"/>'s, and the plan passes both oracles.
/// </summary>
public sealed class ReplanOptimalityTests
{
    /// <summary>Twelve seeds of each of the eight disruptions (seed % 8 picks it).</summary>
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 96)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Plan_SeededSmallReplan_MatchesReplanBruteForce(int seed)
    {
        var made = ReplanGenerator.Create(seed);

        SolveReplan.MatchesBruteForce(made.Replan);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ReplanBruteForce_PrefixDeliveredNothingElse_KeepsThePreviousPlan(int seed)
    {
        // With nothing disrupted the previous plan is still valid and moves nothing; any plan with no
        // move is that plan, and no plan can deviate less (kept fractions only constrain): its key is best.
        // It ends inside the allowed window, so searching up to the window's end (no deviation) suffices.
        var made = ReplanGenerator.Create(seed);
        var now = made.Replan.NotBefore!.Value;
        var given = made.Previous.Fractions.Where(f => f.Start.ToInstant() < now).ToList();
        var undisturbed = made.First with
        {
            Kept = [.. given.Select(f => new KeptFraction(f.LesionId, f.LinacId, f.Start.ToInstant(), f.End.ToInstant(), KeptReason.Delivered) { FractionId = f.FractionId })],
            Previous = [.. made.Previous.Fractions.Select(f => given.Contains(f) ? f with { Origin = FractionOrigin.Delivered } : f)],
            NotBefore = given.Count == 0 ? null : given.Max(f => f.Start.ToInstant()),
        };
        var first = PlanKey.Of(made.First, made.Previous);

        var result = ReplanBruteForce.Solve(undisturbed);

        Assert.Equal(new ReplanKey(0, first.DeviationDays, 0, first.SpanDays, first.Visits), result.Key);
    }
}
