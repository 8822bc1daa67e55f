using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Benchmarks;

/// <summary>
/// The solver on the instance families the service meets: a first plan on an empty calendar (1 and 5
/// lesions), 5 lesions on 3 linacs 80% booked by others, an infeasible case that must be proven
/// infeasible, and a re-plan around 2 delivered fractions. Run with
/// <c>dotnet run -c Release --project tests/Cimer.Sbrt.Benchmarks -- --filter '*' [--job short]</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Percentiles))]
public class SchedulerBenchmarks
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly LocalDate Monday = new(2026, 10, 5);
    private static readonly IsoDayOfWeek[] MondayToFriday =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];

    private PlanRequest oneLesionEmpty = null!;
    private PlanRequest fiveLesionsEmpty = null!;
    private PlanRequest fiveLesionsBooked = null!;
    private PlanRequest infeasibleCapTwo = null!;
    private PlanRequest replanTwoDelivered = null!;

    [GlobalSetup]
    public void Setup()
    {
        var center = new CenterCalendar(NewYork, MondayToFriday);
        oneLesionEmpty = Request(center, lesions: 1, Linac("L1"));
        fiveLesionsEmpty = Request(center, lesions: 5, Linac("L1"));
        fiveLesionsBooked = Booked(Request(center, lesions: 5, Linac("L1"), Linac("L2"), Linac("L3")), share: 0.8, seed: 20261005);
        infeasibleCapTwo = Request(center, lesions: 5, Linac("L1")) with { MaxFractionsPerDay = 2 };
        replanTwoDelivered = TwoDelivered(Request(center, lesions: 2, Linac("L1")));
        foreach (var (name, request, feasible) in new[]
        {
            ("1 lesion", oneLesionEmpty, true), ("5 lesions", fiveLesionsEmpty, true), ("5 lesions booked", fiveLesionsBooked, true),
            ("cap 2", infeasibleCapTwo, false), ("re-plan", replanTwoDelivered, true),
        })
        {
            if (Scheduler.Plan(request).IsFeasible != feasible)
            {
                throw new InvalidOperationException($"{name}: expected feasible={feasible}; the benchmark would measure the wrong thing");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public PlanOutcome OneLesionEmptyCalendar() => Scheduler.Plan(oneLesionEmpty);

    [Benchmark]
    public PlanOutcome FiveLesionsEmptyCalendarOneLinac() => Scheduler.Plan(fiveLesionsEmpty);

    [Benchmark]
    public PlanOutcome FiveLesionsThreeLinacsEightyPercentBooked() => Scheduler.Plan(fiveLesionsBooked);

    [Benchmark]
    public PlanOutcome FiveLesionsCapTwoProvenInfeasible() => Scheduler.Plan(infeasibleCapTwo);

    [Benchmark]
    public PlanOutcome ReplanAroundTwoDeliveredFractions() => Scheduler.Plan(replanTwoDelivered);

    private static Linac Linac(string id) => new(id, new LocalTime(8, 0), new LocalTime(17, 0), 30);

    private static PlanRequest Request(CenterCalendar center, int lesions, params Linac[] linacs) => new()
    {
        Center = center,
        Linacs = linacs,
        Patient = new Patient(2, Monday, [.. Enumerable.Range(1, lesions).Select(i => new Lesion($"les{i}", $"Lesion {i}"))]),
    };

    /// <summary>Books a seeded share of every slot (aligned to the grid) from D1-3 to D1+20 for other patients.</summary>
    private static PlanRequest Booked(PlanRequest request, double share, int seed)
    {
        var rng = new Random(seed);
        var bookings = new List<Booking>();
        for (var date = Monday.PlusDays(-3); date <= Monday.PlusDays(20); date = date.PlusDays(1))
        {
            foreach (var linac in request.Linacs)
            {
                bookings.AddRange(SlotGrid.On(linac, date, NewYork).Where(_ => rng.NextDouble() < share).Select(s => new Booking(linac.Id, s.Start.ToInstant(), s.End.ToInstant())));
            }
        }

        return request with { Bookings = bookings };
    }

    /// <summary>Delivers the first two fractions of a first plan, "now" just after the second.</summary>
    private static PlanRequest TwoDelivered(PlanRequest request)
    {
        var plan = Scheduler.Plan(request).Plan ?? throw new InvalidOperationException("first plan infeasible");
        var delivered = plan.Fractions.OrderBy(f => f.Start.ToInstant()).Take(2)
            .Select((f, i) => new KeptFraction(f.LesionId, f.LinacId, f.Start.ToInstant(), f.End.ToInstant(), KeptReason.Delivered) { FractionId = $"d{i + 1}" })
            .ToList();
        return request with { Kept = delivered, NotBefore = delivered[^1].End, Previous = plan.Fractions };
    }

    private sealed class Percentiles : ManualConfig
    {
        public Percentiles()
        {
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, new P99Column());
        }
    }
}
