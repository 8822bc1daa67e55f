using BenchmarkDotNet.Attributes;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Benchmarks;

/// <summary>
/// The solver on the instance families the service meets: a first plan on an empty calendar (1 and 5
/// lesions), 5 lesions on 3 linacs 80% booked by others, two infeasible cases that must be proven
/// infeasible and explained with proven suggestions (a daily cap too low on an empty calendar, and
/// a calendar 90% booked), and a re-plan around 2 delivered fractions. Run with
/// <c>dotnet run -c Release --project tests/Cimer.Sbrt.Benchmarks -- --filter '*' [--job short]</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentilesConfig))]
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
    private PlanRequest infeasibleCrowded = null!;
    private PlanRequest replanTwoDelivered = null!;

    internal static CenterCalendar Center => new(NewYork, MondayToFriday);

    [GlobalSetup(Target = nameof(OneLesionEmptyCalendar))]
    public void SetupOneLesion() => oneLesionEmpty = Checked(Request(Center, lesions: 1, Linac("L1")), feasible: true);

    [GlobalSetup(Target = nameof(FiveLesionsEmptyCalendarOneLinac))]
    public void SetupFiveLesions() => fiveLesionsEmpty = Checked(Request(Center, lesions: 5, Linac("L1")), feasible: true);

    [GlobalSetup(Target = nameof(FiveLesionsThreeLinacsEightyPercentBooked))]
    public void SetupFiveLesionsBooked() =>
        fiveLesionsBooked = Checked(Booked(Request(Center, lesions: 5, Linac("L1"), Linac("L2"), Linac("L3")), share: 0.8, seed: 20261005), feasible: true);

    [GlobalSetup(Target = nameof(FiveLesionsCapTwoProvenInfeasible))]
    public void SetupCapTwo() => infeasibleCapTwo = Checked(Request(Center, lesions: 5, Linac("L1")) with { MaxFractionsPerDay = 2 }, feasible: false);

    /// <summary>Two free consecutive slots per linac day: 20 fractions fit W0, 25 are needed; the suggestions look at later day 1s.</summary>
    [GlobalSetup(Target = nameof(FiveLesionsThreeLinacsNinetyPercentBookedProvenInfeasible))]
    public void SetupCrowded() =>
        infeasibleCrowded = Checked(Booked(Request(Center, lesions: 5, Linac("L1"), Linac("L2"), Linac("L3")), share: 0.9, seed: 20261005), feasible: false);

    [GlobalSetup(Target = nameof(ReplanAroundTwoDeliveredFractions))]
    public void SetupReplan() => replanTwoDelivered = Checked(TwoDelivered(Request(Center, lesions: 2, Linac("L1"))), feasible: true);

    [Benchmark(Baseline = true)]
    public PlanOutcome OneLesionEmptyCalendar() => Scheduler.Plan(oneLesionEmpty);

    [Benchmark]
    public PlanOutcome FiveLesionsEmptyCalendarOneLinac() => Scheduler.Plan(fiveLesionsEmpty);

    [Benchmark]
    public PlanOutcome FiveLesionsThreeLinacsEightyPercentBooked() => Scheduler.Plan(fiveLesionsBooked);

    [Benchmark]
    public PlanOutcome FiveLesionsCapTwoProvenInfeasible() => Scheduler.Plan(infeasibleCapTwo);

    [Benchmark]
    public PlanOutcome FiveLesionsThreeLinacsNinetyPercentBookedProvenInfeasible() => Scheduler.Plan(infeasibleCrowded);

    [Benchmark]
    public PlanOutcome ReplanAroundTwoDeliveredFractions() => Scheduler.Plan(replanTwoDelivered);

    /// <summary>Fails the run early when an instance is not the family it claims to be.</summary>
    private static PlanRequest Checked(PlanRequest request, bool feasible) =>
        Scheduler.Plan(request).IsFeasible == feasible
            ? request
            : throw new InvalidOperationException($"expected feasible={feasible}; the benchmark would measure the wrong thing");

    internal static Linac Linac(string id) => new(id, new LocalTime(8, 0), new LocalTime(17, 0), 30);

    internal static PlanRequest Request(CenterCalendar center, int lesions, params Linac[] linacs) => new()
    {
        Center = center,
        Linacs = linacs,
        Patient = new Patient(2, Monday, [.. Enumerable.Range(1, lesions).Select(i => new Lesion($"les{i}", $"Lesion {i}"))]),
    };

    /// <summary>
    /// Books <paramref name="share"/> of every linac day from D1-3 to D1+20 for other patients, leaving
    /// one free run of consecutive slots at a seeded position: other patients' visits are runs too, and
    /// independent 80% bookings leave almost no two free slots side by side (no plan at all).
    /// </summary>
    internal static PlanRequest Booked(PlanRequest request, double share, int seed)
    {
        var rng = new Random(seed);
        var bookings = new List<Booking>();
        for (var date = Monday.PlusDays(-3); date <= Monday.PlusDays(20); date = date.PlusDays(1))
        {
            foreach (var linac in request.Linacs)
            {
                var slots = SlotGrid.On(linac, date, NewYork);
                var free = (int)Math.Round(slots.Count * (1 - share));
                var from = rng.Next(0, slots.Count - free + 1);
                bookings.AddRange(slots.Where((_, i) => i < from || i >= from + free).Select(s => new Booking(linac.Id, s.Start.ToInstant(), s.End.ToInstant())));
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
}
