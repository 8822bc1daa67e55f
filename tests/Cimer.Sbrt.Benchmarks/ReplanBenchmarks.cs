using BenchmarkDotNet.Attributes;
using Cimer.Sbrt.Scheduling;

namespace Cimer.Sbrt.Benchmarks;

/// <summary>
/// The re-plan a miss triggers at once: 5 lesions on 3 linacs 50% booked by others, lesion 3's
/// middle (third) fraction missed at its start, everything before it delivered, the rest passed as
/// the previous version. Target: p99 under 5 ms. Run with
/// <c>dotnet run -c Release --project tests/Cimer.Sbrt.Benchmarks -- --filter '*ReplanBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentilesConfig))]
public class ReplanBenchmarks
{
    private PlanRequest missedMiddle = null!;

    [GlobalSetup]
    public void Setup()
    {
        var first = SchedulerBenchmarks.Booked(
            SchedulerBenchmarks.Request(SchedulerBenchmarks.Center, lesions: 5, SchedulerBenchmarks.Linac("L1"), SchedulerBenchmarks.Linac("L2"), SchedulerBenchmarks.Linac("L3")),
            share: 0.5,
            seed: 20261005);
        missedMiddle = MissedAtItsStart(first, "les3", number: 3);
        if (!Scheduler.Plan(missedMiddle).IsFeasible)
        {
            throw new InvalidOperationException("the re-plan after the miss is infeasible; the benchmark would measure the wrong thing");
        }
    }

    [Benchmark]
    public PlanOutcome ReplanAfterMiddleFractionMissedFiveLesionsThreeLinacsHalfBooked() => Scheduler.Plan(missedMiddle);

    /// <summary>The service's re-plan of a first plan when <paramref name="lesionId"/>'s fraction <paramref name="number"/> is not given at its start.</summary>
    private static PlanRequest MissedAtItsStart(PlanRequest first, string lesionId, int number)
    {
        var plan = Scheduler.Plan(first).Plan ?? throw new InvalidOperationException("first plan infeasible");
        var fractions = plan.Fractions.Select(f => f with { FractionId = $"{f.LesionId}.{f.Number}" }).ToList();
        var missed = fractions.Single(f => f.LesionId == lesionId && f.Number == number);
        var now = missed.Start.ToInstant();
        var delivered = fractions.Where(f => f.Start.ToInstant() < now).ToList();
        return first with
        {
            Kept = [.. delivered.Select(f => new KeptFraction(f.LesionId, f.LinacId, f.Start.ToInstant(), f.End.ToInstant(), KeptReason.Delivered) { FractionId = f.FractionId })],
            Previous = [.. fractions.Where(f => f != missed).Select(f => delivered.Contains(f) ? f with { Origin = FractionOrigin.Delivered } : f)],
            Missed = [new MissedFraction(lesionId, now) { FractionId = missed.FractionId }],
            NotBefore = now,
            AllowProtocolDeviation = true,
        };
    }
}
