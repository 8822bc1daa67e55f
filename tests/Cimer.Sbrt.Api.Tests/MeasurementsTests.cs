using System.Diagnostics;
using System.Globalization;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using NodaTime;
using Xunit.Abstractions;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Runs only with <c>SBRT_MEASURE=1</c>: a harness that prints figures, never a test of them.</summary>
public sealed class MeasureFactAttribute : FactAttribute
{
    public MeasureFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SBRT_MEASURE") != "1")
        {
            Skip = "A measurement, not a test: set SBRT_MEASURE=1 to run it (figures go to the test output).";
        }
    }
}

/// <summary>
/// The issue's figures, end to end through the service (HTTP in process, real SQLite file):
/// a full-day downtime on one of three linacs under a month of 100 plans, start dates for five
/// lesions over 62 days, and single re-plans after a miss.
/// </summary>
public sealed class MeasurementsTests(ITestOutputHelper output)
{
    [MeasureFact]
    public async Task MeasureBulkReplanStartDatesAndMisses()
    {
        using var app = new SbrtApp();
        var api = app.Api();
        var center = await api.CenterAsync();
        var linacs = new List<Linac>();
        for (var i = 1; i <= 3; i++)
        {
            linacs.Add(await api.LinacAsync(center.Id, name: $"TrueBeam {i}"));
        }

        var plans = await MonthOfPlansAsync(api, center.Id);
        var noon = Instant.FromUtc(2026, 12, 14, 17, 0); // Monday 12:00 in New York
        foreach (var id in plans.Keys.ToList())
        {
            plans[id] = await api.DeliverBeforeAsync(plans[id], noon.ToDateTimeOffset());
        }

        api.Clock.Reset(noon);

        Report($"plans: {plans.Count} ({plans.Values.Count(p => p.Status == "active")} active), booked fractions: {plans.Values.Sum(p => p.Booked.Length)}");
        // The fullest day after now (the solver favours alternate days), on its fullest linac.
        var after = plans.Values.SelectMany(p => p.Booked).Where(f => f.StartsAt > noon.ToDateTimeOffset()).ToList();
        var day = after.GroupBy(f => f.Start[..10]).MaxBy(g => g.Count())!.Key;
        var busiest = after.Where(f => f.Start.StartsWith(day, StringComparison.Ordinal)).GroupBy(f => f.LinacId).MaxBy(g => g.Count())!.Key;
        await BulkReplanAsync(api, linacs.Single(l => l.Id == busiest), day, plans);
        await StartDatesAsync(api, center.Id);
        StartDatesInTheCore(linacs, plans.Values, api.Clock.GetCurrentInstant());
        await MissesAsync(api, plans);
    }

    private static async Task<Dictionary<string, Plan>> MonthOfPlansAsync(Client api, string centerId)
    {
        var plans = new Dictionary<string, Plan>();
        var dayOne = new LocalDate(2026, 11, 23);
        // Four patients a weekday from 23 November, one to three lesions each, until 100 have a plan:
        // about 1,000 fractions on 60 slots a day over five weeks.
        for (var i = 0; plans.Count < 100; i++)
        {
            var patient = await api.PatientAsync(centerId, lesions: 1 + i % 3, dayOne: dayOne.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture));
            var response = await api.PlanAsync(patient.Id);
            if (response.IsSuccessStatusCode)
            {
                var plan = await Client.CreatedAsync<Plan>(response);
                plans[plan.Id] = plan;
            }

            if (i % 4 == 3)
            {
                dayOne = dayOne.PlusDays(dayOne.DayOfWeek == IsoDayOfWeek.Friday ? 3 : 1);
            }
        }

        return plans;
    }

    private async Task BulkReplanAsync(Client api, Linac linac, string day, Dictionary<string, Plan> plans)
    {
        var (start, end) = ($"{day}T08:00", $"{day}T18:00");
        var clock = Stopwatch.StartNew();
        var rehearsed = await Client.OkAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, start, end, "annual QA", dryRun: true));
        var dryRun = clock.Elapsed;
        clock.Restart();
        var saved = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, start, end, "annual QA"));
        var real = clock.Elapsed;
        Report($"bulk re-plan, full-day downtime on 1 of 3 linacs ({day}): {saved.Impact.Plans.Length} plans touched "
            + $"({string.Join(", ", saved.Impact.Plans.GroupBy(p => p.Outcome).Select(g => $"{g.Count()} {g.Key}"))}), "
            + $"{saved.Impact.Plans.Sum(p => p.Changes.Length)} fractions moved; dry run {Ms(dryRun)}, saved {Ms(real)}");
        Assert.Equal(rehearsed.Impact.Plans.Length, saved.Impact.Plans.Length);
        foreach (var impact in saved.Impact.Plans)
        {
            plans[impact.PlanId] = await api.GetPlanAsync(impact.PlanId);
        }
    }

    private async Task StartDatesAsync(Client api, string centerId)
    {
        const string query = "lesions=5&from=2026-12-15&to=2027-02-15&maxFractionsPerDay=3";
        var timings = new List<TimeSpan>();
        StartDate[] answer = [];
        for (var i = 0; i < 23; i++)
        {
            var clock = Stopwatch.StartNew();
            answer = await Client.OkAsync<StartDate[]>(await api.StartDatesAsync(centerId, query));
            if (i >= 3)
            {
                timings.Add(clock.Elapsed);
            }
        }

        Report($"start dates, 5 lesions x 63 dates ({answer.Count(o => o.Feasible)} feasible): {Percentiles(timings)}");
    }

    /// <summary>The same question asked of the core directly, to split the figure into solver and service.</summary>
    private void StartDatesInTheCore(List<Linac> linacs, IEnumerable<Plan> plans, Instant now)
    {
        var (from, to) = (new LocalDate(2026, 12, 15), new LocalDate(2027, 2, 15));
        var template = new Scheduling.PlanRequest
        {
            Center = new Scheduling.CenterCalendar(DateTimeZoneProviders.Tzdb["America/New_York"],
                [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday],
                Scheduling.HolidayCalendars.Closures("us-federal", from.PlusDays(-10), to.PlusDays(25))),
            Linacs = [.. linacs.Select(l => new Scheduling.Linac(l.Id, new LocalTime(8, 0), new LocalTime(18, 0), 30) { Name = l.Name })],
            Bookings = [.. plans.SelectMany(p => p.Booked).Select(f => new Scheduling.Booking(f.LinacId,
                Instant.FromDateTimeOffset(f.StartsAt), Instant.FromDateTimeOffset(DateTimeOffset.Parse(f.End, CultureInfo.InvariantCulture))))],
            Patient = new Scheduling.Patient(2, from, [.. Enumerable.Range(1, 5).Select(i => new Scheduling.Lesion($"l{i}", $"L{i}"))]),
            MaxFractionsPerDay = 3,
            NotBefore = now,
        };
        var timings = new List<TimeSpan>();
        for (var i = 0; i < 13; i++)
        {
            var clock = Stopwatch.StartNew();
            Scheduling.StartDates.Find(template, from, to);
            if (i >= 3)
            {
                timings.Add(clock.Elapsed);
            }
        }

        Report($"  of which the core's StartDates.Find alone: {Percentiles(timings)}");
    }

    private async Task MissesAsync(Client api, Dictionary<string, Plan> plans)
    {
        var timings = new List<TimeSpan>();
        for (var i = 0; i < 100; i++)
        {
            var now = api.Clock.GetCurrentInstant().ToDateTimeOffset();
            var next = plans.Values.Where(p => p.Status is "draft" or "active")
                .SelectMany(p => p.Booked.Where(f => f.Status == "planned" && f.StartsAt > now).Select(f => (Plan: p, Fraction: f)))
                .MinBy(x => x.Fraction.StartsAt);
            if (next.Plan is null)
            {
                break;
            }

            api.AfterStartOf(next.Fraction);
            var clock = Stopwatch.StartNew();
            var replanned = await Client.OkAsync<Plan>(await api.DeliveryAsync(next.Plan, next.Fraction, new { outcome = "missed" }));
            timings.Add(clock.Elapsed);
            plans[replanned.Id] = replanned;
        }

        Report($"single re-plan after a miss ({timings.Count} misses): {Percentiles(timings)}");
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("SBRT_MEASURE_OUT") is { Length: > 0 } path)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    private static string Percentiles(List<TimeSpan> timings)
    {
        var sorted = timings.Order().ToList();
        TimeSpan At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return $"p50 {Ms(At(0.50))}, p99 {Ms(At(0.99))}, max {Ms(sorted[^1])} over {sorted.Count} runs";
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0.0} ms";
}
