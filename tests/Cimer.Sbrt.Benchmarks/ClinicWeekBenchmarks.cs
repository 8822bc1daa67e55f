using BenchmarkDotNet.Attributes;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Benchmarks;

/// <summary>
/// The clinic's real week on the 5-lesion family: 2 beam groups of 2 linacs 80% booked (a first plan
/// tries each group), and one linac with the patient's hours 10:00-15:00 and a preferred 14:00. Run with
/// <c>dotnet run -c Release --project tests/Cimer.Sbrt.Benchmarks -- --filter '*ClinicWeek*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentilesConfig))]
public class ClinicWeekBenchmarks
{
    private PlanRequest groups = null!;
    private PlanRequest hours = null!;

    [GlobalSetup]
    public void Setup()
    {
        groups = SchedulerBenchmarks.Booked(
            SchedulerBenchmarks.Request(
                SchedulerBenchmarks.Center,
                lesions: 5,
                SchedulerBenchmarks.Linac("TB1") with { BeamGroup = "TrueBeam" },
                SchedulerBenchmarks.Linac("TB2") with { BeamGroup = "TrueBeam" },
                SchedulerBenchmarks.Linac("H1") with { BeamGroup = "Halcyon" },
                SchedulerBenchmarks.Linac("H2") with { BeamGroup = "Halcyon" }),
            share: 0.8,
            seed: 20261005);
        var plain = SchedulerBenchmarks.Request(SchedulerBenchmarks.Center, lesions: 5, SchedulerBenchmarks.Linac("L1"));
        hours = plain with { Patient = plain.Patient with { AvailableFrom = new LocalTime(10, 0), AvailableUntil = new LocalTime(15, 0), PreferredTime = new LocalTime(14, 0) } };
        if (!Scheduler.Plan(groups).IsFeasible || !Scheduler.Plan(hours).IsFeasible)
        {
            throw new InvalidOperationException("an instance is infeasible; the benchmark would measure the wrong thing");
        }
    }

    [Benchmark]
    public PlanOutcome FiveLesionsTwoBeamGroupsOfTwoLinacsEightyPercentBooked() => Scheduler.Plan(groups);

    [Benchmark]
    public PlanOutcome FiveLesionsAvailabilityHoursAndPreferredTime() => Scheduler.Plan(hours);
}
