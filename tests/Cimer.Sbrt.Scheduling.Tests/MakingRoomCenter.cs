using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests;

/// <summary>A center whose new patient does not fit as booked, with the live plans making room may move.</summary>
/// <param name="Now">The service's now: fractions before it are delivered.</param>
public sealed record RoomCenter(PlanRequest NewPatient, IReadOnlyList<RoomPlan> Others, Instant Now);

/// <summary>The kind of center to generate: sizes, hours and how crowded.</summary>
/// <param name="Plans">Live plans to make, one after another, each around the bookings before it.</param>
/// <param name="SpreadDays">Day 1 of the live plans falls in the first this many days from a Monday.</param>
/// <param name="PinShare">Share of future fractions a physicist pinned.</param>
/// <param name="NowDay">Now is 07:00 this many days after the first Monday.</param>
/// <param name="NewLesions">Lesions of the new patient.</param>
public sealed record RoomShape(int Plans, int Linacs, int FromHour, int ToHour, int SpreadDays, int MaxLesions, double PinShare, int NowDay, int NewLesions)
{
    /// <summary>Issue 13's measure: 3 linacs 08:00-17:00, 40 live plans of 1-5 lesions, day 1 over three weeks.</summary>
    public static RoomShape Clinic { get; } = new(Plans: 40, Linacs: 3, FromHour: 8, ToHour: 17, SpreadDays: 20, MaxLesions: 5, PinShare: 0.05, NowDay: 3, NewLesions: 3);

    /// <summary>Small enough for the brute force: one linac with two slots a day, three one-lesion plans.</summary>
    public static RoomShape Tiny { get; } = new(Plans: 3, Linacs: 1, FromHour: 9, ToHour: 10, SpreadDays: 5, MaxLesions: 1, PinShare: 0.1, NowDay: 0, NewLesions: 1);
}

/// <summary>
/// Seeded centers for making room: plans made by <see cref="Scheduler.Plan(PlanRequest)"/> one after another
/// with bookings accumulating (as the service makes them), fractions before now delivered, a share pinned,
/// and a new patient on the first weekday day 1 (after now) on which she does not fit, though she would on an empty calendar. Shared by the tests
/// and the benchmark (linked there), so the benchmark measures the family the tests check.
/// </summary>
public static class MakingRoomCenter
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly LocalDate Monday = new(2026, 10, 5);

    private static readonly IsoDayOfWeek[] MondayToFriday =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];

    /// <summary>The center of <paramref name="seed"/>, or null when the new patient fits on every day 1 tried.</summary>
    public static RoomCenter? Create(int seed, RoomShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var rng = new Random(seed);
        var center = new CenterCalendar(NewYork, MondayToFriday);
        var linacs = Enumerable.Range(1, shape.Linacs).Select(i => new Linac($"L{i}", new LocalTime(shape.FromHour, 0), new LocalTime(shape.ToHour, 0), 30)).ToArray();
        var now = (Monday.PlusDays(shape.NowDay) + new LocalTime(7, 0)).InZoneStrictly(NewYork).ToInstant();
        var made = new List<(PlanRequest Request, Plan Plan)>();
        var bookings = new List<Booking>();
        for (var attempt = 0; made.Count < shape.Plans && attempt < shape.Plans * 5; attempt++)
        {
            var request = new PlanRequest
            {
                Center = center,
                Linacs = linacs,
                Patient = new Patient(2, Monday.PlusDays(rng.Next(shape.SpreadDays)), Lesions(rng.Next(1, shape.MaxLesions + 1))),
                Bookings = [.. bookings],
            };
            if (Scheduler.Plan(request).Plan is { } plan)
            {
                made.Add((request, plan));
                bookings.AddRange(plan.Fractions.Select(f => new Booking(f.LinacId, f.Start.ToInstant(), f.End.ToInstant())));
            }
        }

        var current = made.Select((m, i) => Live(m.Plan, $"p{i + 1}", now, rng, shape.PinShare)).ToList();
        var others = made.Select((m, i) => new RoomPlan(
            $"p{i + 1}",
            m.Request with
            {
                Bookings = [.. current.Where((_, j) => j != i).SelectMany(p => p.Fractions).Select(ToBooking)],
                Kept = [.. current[i].Fractions.Where(f => f.Origin != FractionOrigin.Planned).Select(ToKept)],
                Previous = [.. current[i].Fractions.Where(f => f.Origin == FractionOrigin.Planned)],
                NotBefore = now,
                AllowProtocolDeviation = false,
            },
            current[i])).ToList();
        var all = current.SelectMany(p => p.Fractions).Select(ToBooking).ToList();
        for (var day = shape.NowDay + 1; day <= shape.NowDay + shape.SpreadDays; day++)
        {
            var dayOne = Monday.PlusDays(day);
            if (!center.IsOpen(dayOne))
            {
                continue;
            }

            var newPatient = new PlanRequest
            {
                Center = center,
                Linacs = linacs,
                Patient = new Patient(2, dayOne, Lesions(shape.NewLesions)),
                Bookings = all,
                NotBefore = now,
            };
            // Bookings must be what stops her: a day 1 whose calendar alone has no plan is another question.
            if (!Scheduler.Plan(newPatient).IsFeasible && Scheduler.Plan(newPatient with { Bookings = [] }).IsFeasible)
            {
                return new RoomCenter(newPatient, others, now);
            }
        }

        return null;
    }

    public static IReadOnlyList<Lesion> Lesions(int count) => [.. Enumerable.Range(1, count).Select(i => new Lesion($"les{i}", $"Lesion {i}"))];

    public static Booking ToBooking(PlannedFraction f) => new(f.LinacId, f.Start.ToInstant(), f.End.ToInstant());

    private static KeptFraction ToKept(PlannedFraction f) =>
        new(f.LesionId, f.LinacId, f.Start.ToInstant(), f.End.ToInstant(), f.Origin == FractionOrigin.Delivered ? KeptReason.Delivered : KeptReason.Pinned) { FractionId = f.FractionId };

    /// <summary>The plan as it stands at <paramref name="now"/>: ids given, fractions before now delivered, a share of the rest pinned.</summary>
    private static Plan Live(Plan plan, string id, Instant now, Random rng, double pinShare) => plan with
    {
        Fractions = [.. plan.Fractions.Select(f => f with
        {
            FractionId = $"{id}.{f.LesionId}.{f.Number}",
            Origin = f.Start.ToInstant() < now ? FractionOrigin.Delivered : rng.NextDouble() < pinShare ? FractionOrigin.Pinned : FractionOrigin.Planned,
        })],
    };
}
