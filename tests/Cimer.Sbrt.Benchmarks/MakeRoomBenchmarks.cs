using BenchmarkDotNet.Attributes;
using Cimer.Sbrt.Scheduling;
using Cimer.Sbrt.Scheduling.Tests;

namespace Cimer.Sbrt.Benchmarks;

/// <summary>
/// Issue 13's measure: making room on a center with 3 linacs and 40 live plans (1-5 lesions, day 1 over
/// the first 20 days, made one after another) where a 3-lesion new patient does not fit. One benchmark per seeded
/// center (seeds 1..50 that give such a center), default limits, a fresh slot-grid cache per call as in one
/// request. Target: p99 under 1 s. Run with
/// <c>dotnet run -c Release --project tests/Cimer.Sbrt.Benchmarks -- --filter '*MakeRoomBenchmarks*' --job short</c>;
/// how often a proposal exists is printed by <c>MakingRoomStatsTests</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentilesConfig))]
public class MakeRoomBenchmarks
{
    private RoomCenter center = null!;

    /// <summary>Every fifth seed of 1..50 whose center blocks the new patient: the proposals (29, 32, 39) and a spread of none.</summary>
    [ParamsSource(nameof(Seeds))]
    public int Seed { get; set; }

    public static IEnumerable<int> Seeds() => [5, 10, 15, 20, 24, 29, 32, 37, 39, 44];

    [GlobalSetup]
    public void Setup() =>
        center = MakingRoomCenter.Create(Seed, RoomShape.Clinic)
            ?? throw new InvalidOperationException($"seed {Seed}: the new patient fits; the benchmark would measure the wrong thing");

    [Benchmark]
    public MakeRoomOutcome MakeRoomThreeLinacsFortyPlans() => MakingRoom.Propose(center.NewPatient, center.Others, MakeRoomLimits.Default, new SlotGridCache());
}
