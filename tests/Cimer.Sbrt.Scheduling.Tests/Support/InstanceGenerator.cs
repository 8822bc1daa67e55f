using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>
/// Seeded random plan requests. <see cref="Create"/> covers the space the service meets (1-5 lesions,
/// every weekday as day 1, holiday clusters, 5-7 open days a week, DST weeks in US zones, 30/45/60
/// minute slots, 1-3 partly booked linacs, downtime); <see cref="CreateSmall"/> stays small enough for
/// <see cref="BruteForce"/>; <see cref="Replan"/> turns a plan into a re-plan with delivered and pinned
/// fractions that are consistent because they come from that plan.
/// </summary>
public static class InstanceGenerator
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly DateTimeZone Chicago = DateTimeZoneProviders.Tzdb["America/Chicago"];

    /// <summary>US DST changes: second Sunday of March, first Sunday of November.</summary>
    public static readonly LocalDate[] DstChanges = [new(2026, 3, 8), new(2026, 11, 1), new(2027, 3, 14), new(2027, 11, 7)];

    /// <summary>Holidays a US center closes on, observed dates, 2026-2027.</summary>
    public static readonly Closure[] Holidays =
    [
        new(new(2026, 1, 1), "New Year's Day"), new(new(2026, 5, 25), "Memorial Day"), new(new(2026, 7, 3), "Independence Day (observed)"),
        new(new(2026, 9, 7), "Labor Day"), new(new(2026, 11, 26), "Thanksgiving"), new(new(2026, 12, 25), "Christmas Day"),
        new(new(2027, 1, 1), "New Year's Day"), new(new(2027, 5, 31), "Memorial Day"), new(new(2027, 7, 5), "Independence Day (observed)"),
        new(new(2027, 9, 6), "Labor Day"), new(new(2027, 11, 25), "Thanksgiving"), new(new(2027, 12, 24), "Christmas Day (observed)"),
    ];

    /// <summary>Days some centers also close: the holiday clusters.</summary>
    public static readonly Closure[] Extras =
    [
        new(new(2026, 11, 27), "Day after Thanksgiving"), new(new(2026, 12, 24), "Christmas Eve"), new(new(2026, 12, 31), "New Year's Eve"),
        new(new(2027, 11, 26), "Day after Thanksgiving"), new(new(2027, 12, 31), "New Year's Eve (observed)"),
    ];

    private static readonly IsoDayOfWeek[] Week = [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday];

    public static PlanRequest Create(int seed)
    {
        var rng = new Random(seed);
        var zone = rng.Next(2) == 0 ? NewYork : Chicago;
        var dayOne = PickDayOne(rng, seed);
        var openDays = Week.Take(rng.Next(4) switch { 0 or 1 => 5, 2 => 6, _ => 7 });
        var center = new CenterCalendar(zone, openDays, PickClosures(rng, dayOne));
        var linacs = Enumerable.Range(1, rng.Next(1, 4)).Select(i => PickLinac(rng, $"L{i}", dayOne, slotsPerDay: rng.Next(4, 13))).ToList();
        var bookingShare = new[] { 0.0, 0.0, 0.3, 0.6, 0.8 }[rng.Next(5)];
        return new PlanRequest
        {
            Center = center,
            Linacs = linacs,
            Patient = new Patient(2, dayOne, Lesions(rng.Next(1, 6))),
            Bookings = Book(rng, center, linacs, dayOne, bookingShare),
            MaxFractionsPerDay = new[] { 1, 2, 3, 3, 3, 4, 5 }[rng.Next(7)],
        };
    }

    public static PlanRequest CreateSmall(int seed)
    {
        var rng = new Random(seed);
        var zone = rng.Next(2) == 0 ? NewYork : Chicago;
        var dayOne = PickDayOne(rng, seed);
        var openDays = Week.Where(_ => rng.NextDouble() < 0.7).ToList();
        while (openDays.Count < 3)
        {
            openDays = [.. openDays.Append(Week[rng.Next(7)]).Distinct()];
        }

        var center = new CenterCalendar(zone, openDays, PickClosures(rng, dayOne));
        var lesionCount = rng.NextDouble() < 0.15 ? 3 : rng.Next(1, 3);
        var linacCount = lesionCount == 3 ? 1 : rng.Next(1, 3);
        var linacs = Enumerable.Range(1, linacCount).Select(i => PickLinac(rng, $"L{i}", dayOne, slotsPerDay: rng.Next(2, lesionCount == 3 || (linacCount == 2 && lesionCount == 2) ? 4 : 5))).ToList();
        return new PlanRequest
        {
            Center = center,
            Linacs = linacs,
            Patient = new Patient(2, dayOne, Lesions(lesionCount)),
            Bookings = Book(rng, center, linacs, dayOne, new[] { 0.0, 0.0, 0.2, 0.4 }[rng.Next(4)]),
            MaxFractionsPerDay = rng.Next(1, 4),
            NotBefore = rng.NextDouble() < 0.1 ? (dayOne.PlusDays(rng.Next(-1, 3)) + new LocalTime(10, 0)).InZoneLeniently(zone).ToInstant() : null,
        };
    }

    /// <summary>
    /// A re-plan of <paramref name="plan"/>: its first fractions in time order delivered, "now" at the
    /// last delivered start, some later fractions pinned. The plan itself stays a valid answer, so the
    /// re-plan is feasible and its best key equals the plan's.
    /// </summary>
    public static PlanRequest Replan(PlanRequest request, Plan plan, int seed)
    {
        var rng = new Random(seed);
        var ordered = plan.Fractions.OrderBy(f => f.Start.ToInstant()).ToList();
        var delivered = rng.Next(0, ordered.Count);
        var kept = new List<KeptFraction>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var f = ordered[i];
            KeptReason? reason = i < delivered ? KeptReason.Delivered : rng.NextDouble() < 0.2 ? KeptReason.Pinned : null;
            if (reason is { } r)
            {
                kept.Add(new KeptFraction(f.LesionId, f.LinacId, f.Start.ToInstant(), f.End.ToInstant(), r) { FractionId = $"f{i + 1}" });
            }
        }

        Instant? notBefore = delivered > 0 ? ordered[delivered - 1].Start.ToInstant() : request.NotBefore;
        if (request.NotBefore is { } earlier && notBefore < earlier)
        {
            notBefore = earlier;
        }

        return request with
        {
            Kept = kept,
            NotBefore = notBefore,
            Previous = rng.Next(2) == 0 ? plan.Fractions : [],
        };
    }

    public static IReadOnlyList<Lesion> Lesions(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Lesion($"les{i}", $"Lesion {i}"))];

    private static LocalDate PickDayOne(Random rng, int seed)
    {
        var anchor = (seed % 3) switch
        {
            0 => DstChanges[rng.Next(DstChanges.Length)],
            1 => Holidays[rng.Next(Holidays.Length)].Date,
            _ => new LocalDate(2026, 1, 5).PlusDays(rng.Next(0, 700)),
        };
        var start = anchor.PlusDays(rng.Next(-12, 3));
        var weekday = Week[seed % 7];
        while (start.DayOfWeek != weekday)
        {
            start = start.PlusDays(1);
        }

        return start;
    }

    private static List<Closure> PickClosures(Random rng, LocalDate dayOne)
    {
        var closures = Holidays.ToList();
        closures.AddRange(Extras.Where(_ => rng.NextDouble() < 0.5));
        if (rng.NextDouble() < 0.35)
        {
            var snow = dayOne.PlusDays(rng.Next(-2, 14));
            for (var i = rng.Next(1, 4); i > 0; i--, snow = snow.PlusDays(1))
            {
                closures.Add(new Closure(snow, "Snow day"));
            }
        }

        return closures;
    }

    private static Linac PickLinac(Random rng, string id, LocalDate dayOne, int slotsPerDay)
    {
        var minutes = new[] { 30, 45, 60 }[rng.Next(3)];
        var opens = new[] { new LocalTime(7, 0), new LocalTime(7, 30), new LocalTime(8, 0), new LocalTime(9, 0) }[rng.Next(4)];
        var closes = opens.PlusMinutes((minutes * slotsPerDay) + (rng.Next(3) == 0 ? 15 : 0));
        var downtimes = new List<Downtime>();
        if (rng.NextDouble() < 0.3)
        {
            var day = dayOne.PlusDays(rng.Next(-2, 14));
            var from = opens.PlusMinutes(minutes * rng.Next(slotsPerDay));
            downtimes.Add(new Downtime(day + from, day + from.PlusMinutes(minutes * rng.Next(1, 3)), "QA"));
        }

        if (rng.NextDouble() < 0.15)
        {
            var day = dayOne.PlusDays(rng.Next(0, 12));
            downtimes.Add(new Downtime(day + new LocalTime(0, 0), day.PlusDays(1) + new LocalTime(0, 0), "Repair") { Id = $"{id}-repair" });
        }

        return new Linac(id, opens, closes, minutes) { Downtimes = downtimes };
    }

    private static List<Booking> Book(Random rng, CenterCalendar center, IReadOnlyList<Linac> linacs, LocalDate dayOne, double share)
    {
        var bookings = new List<Booking>();
        if (share <= 0)
        {
            return bookings;
        }

        foreach (var date in Spec.Days(dayOne.PlusDays(-3), dayOne.PlusDays(20)).Where(center.IsOpen))
        {
            foreach (var linac in linacs)
            {
                bookings.AddRange(Spec.Slots(linac, date, center.Zone)
                    .Where(_ => rng.NextDouble() < share)
                    .Select(s => new Booking(linac.Id, s.Start, s.End)));
            }
        }

        return bookings;
    }
}
