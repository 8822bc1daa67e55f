using BenchmarkDotNet.Attributes;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Benchmarks;

/// <summary>
/// "When can this patient start?" over the longest range the contract allows: 5 lesions, day 1s
/// from 2026-10-05 to 2026-12-06 (62 days, 63 options, Thanksgiving inside), one empty linac.
/// Target: under 100 ms. Run with
/// <c>dotnet run -c Release --project tests/Cimer.Sbrt.Benchmarks -- --filter '*StartDates*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentilesConfig))]
public class StartDatesBenchmarks
{
    private static readonly LocalDate From = new(2026, 10, 5);
    private static readonly LocalDate To = From.PlusDays(StartDates.MaxRangeDays);

    private PlanRequest template = null!;

    [GlobalSetup]
    public void Setup()
    {
        var center = new CenterCalendar(SchedulerBenchmarks.Center.Zone, SchedulerBenchmarks.Center.OpenDays, [new Closure(new LocalDate(2026, 11, 26), "Thanksgiving")]);
        template = SchedulerBenchmarks.Request(center, lesions: 5, SchedulerBenchmarks.Linac("L1"));
        var options = StartDates.Find(template, From, To);
        if (options.Count != StartDates.MaxRangeDays + 1 || !options.Any(o => o.Feasible))
        {
            throw new InvalidOperationException("expected 63 options, some feasible; the benchmark would measure the wrong thing");
        }
    }

    [Benchmark]
    public IReadOnlyList<StartDateOption> FiveLesionsSixtyTwoDaysOneLinac() => StartDates.Find(template, From, To);
}
