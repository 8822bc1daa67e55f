using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>What happens to a plan between its version and the re-plan.</summary>
public enum Disruption
{
    MissFirst,
    MissMiddle,
    MissLast,
    FullDayDowntime,
    PartDayDowntime,
    ClosureInW0,
    PinnedAndDowntime,
    MissThenDowntime,
}

/// <summary>A seeded re-plan with the first request and the plan it replaces, for messages.</summary>
public sealed record ReplanCase(int Seed, Disruption Kind, string Story, PlanRequest First, Plan Previous, PlanRequest Replan)
{
    public override string ToString() => $"seed {Seed}: {Kind} ({Story})";
}

/// <summary>
/// Seeded small re-plans as the service makes them: a first request small enough for
/// <see cref="ReplanBruteForce"/> is solved (the version being replaced; its fractions get ids),
/// then a prefix in time order is delivered, "now" moves on, and a fraction is missed and/or a
/// downtime or closure is added after "now", and/or a later fraction is pinned. Previous is that
/// version as the service passes it: delivered and pinned fractions with those origins, missed ones
/// left out, the rest Planned.
/// </summary>
public static class ReplanGenerator
{
    private static readonly IsoDayOfWeek[] Week = [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday];

    public static ReplanCase Create(int seed)
    {
        var rng = new Random(seed);
        var kind = (Disruption)(seed % 8);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Base(rng);
            var outcome = Scheduler.Plan(first);
            if (!outcome.IsFeasible)
            {
                continue;
            }

            var previous = WithIds(outcome.Plan);
            if (Disrupt(rng, kind, first, previous) is { } made)
            {
                return new ReplanCase(seed, kind, made.Story, first, previous, made.Request);
            }
        }

        throw new InvalidOperationException($"seed {seed}: no feasible first plan to disrupt");
    }

    /// <summary>Numbers each fraction's id by lesion and number ("les2.3"), as the service gives ids to a plan's fractions.</summary>
    public static Plan WithIds(Plan plan) =>
        plan with { Fractions = [.. plan.Fractions.Select(f => f with { FractionId = $"{f.LesionId}.{f.Number}" })] };

    private static PlanRequest Base(Random rng)
    {
        var zone = InstanceGenerator.NewYork;
        var dayOne = new LocalDate(2026, 1, 5).PlusDays(rng.Next(0, 700));
        while (dayOne.DayOfWeek > IsoDayOfWeek.Friday)
        {
            dayOne = dayOne.PlusDays(1);
        }

        var openDays = rng.NextDouble() < 0.7 ? Week.Take(5) : Week.Take(rng.Next(6, 8));
        var center = new CenterCalendar(zone, openDays, InstanceGenerator.Holidays);
        var lesionCount = rng.NextDouble() < 0.2 ? 3 : rng.Next(1, 3);
        var linacCount = lesionCount == 3 ? 1 : rng.Next(1, 3);
        var minutes = rng.Next(2) == 0 ? 30 : 60;
        var linacs = Enumerable.Range(1, linacCount).Select(i =>
        {
            var opens = new LocalTime(rng.Next(8, 10), 0);
            return new Linac($"L{i}", opens, opens.PlusMinutes(minutes * rng.Next(2, lesionCount == 3 ? 4 : 5)), minutes);
        }).ToList();
        var request = new PlanRequest
        {
            Center = center,
            Linacs = linacs,
            Patient = new Patient(2, dayOne, InstanceGenerator.Lesions(lesionCount)),
            MaxFractionsPerDay = rng.Next(1, 4),
        };
        var share = new[] { 0.0, 0.0, 0.2 }[rng.Next(3)];
        var bookings = Spec.Days(dayOne.PlusDays(-3), dayOne.PlusDays(20)).Where(center.IsOpen)
            .SelectMany(d => linacs.SelectMany(l => Spec.Slots(l, d, zone)))
            .Where(_ => rng.NextDouble() < share)
            .Select(s => new Booking(s.LinacId, s.Start, s.End));
        return request with { Bookings = [.. bookings] };
    }

    private static (PlanRequest Request, string Story)? Disrupt(Random rng, Disruption kind, PlanRequest first, Plan plan)
    {
        var ordered = plan.Fractions.OrderBy(f => f.Start.ToInstant()).ToList();
        var visits = ordered.GroupBy(f => f.Start.Date).Select(g => g.ToList()).ToList();
        var missed = new List<PlannedFraction>();
        var pinned = new List<PlannedFraction>();
        var downtimes = new List<(string LinacId, Downtime Downtime)>();
        Closure? closure = null;
        Instant now;
        string story;
        switch (kind)
        {
            case Disruption.MissFirst or Disruption.MissMiddle or Disruption.MissLast or Disruption.MissThenDowntime:
            {
                var number = kind switch { Disruption.MissFirst => 1, Disruption.MissMiddle => 3, Disruption.MissLast => 5, _ => 1 + (2 * rng.Next(3)) };
                var lesion = first.Patient.Lesions[rng.Next(first.Patient.Lesions.Count)].Id;
                var m = ordered.Single(f => f.LesionId == lesion && f.Number == number);
                var visit = visits.Single(v => v.Contains(m));
                var variant = rng.Next(3);
                missed = variant == 0 ? [.. visit] : [m];
                now = variant == 2 ? m.Start.ToInstant() : visit[^1].End.ToInstant();
                story = variant switch
                {
                    0 => $"visit of {m.Start.Date} missed",
                    1 => $"{m.FractionId} missed, rest of its visit given",
                    _ => $"{m.FractionId} missed, now its start, the rest of its visit ahead",
                };
                if (kind == Disruption.MissThenDowntime)
                {
                    var later = ordered.Where(f => f.Start.ToInstant() > now && f.Start.Date > m.Start.Date).ToList();
                    if (later.Count == 0)
                    {
                        return null;
                    }

                    var hit = later[rng.Next(later.Count)];
                    downtimes.Add((hit.LinacId, rng.Next(2) == 0 ? FullDay(hit) : PartDay(hit, rng)));
                    story += $", then downtime over {hit.FractionId}";
                }

                break;
            }

            default:
            {
                var cut = rng.Next(0, visits.Count - 1);
                now = cut == 0
                    ? (ordered[0].Start.Date.PlusDays(-1) + new LocalTime(12, 0)).InZoneLeniently(first.Center.Zone).ToInstant()
                    : visits[cut - 1][^1].End.ToInstant();
                var future = ordered.Where(f => f.Start.ToInstant() > now).ToList();
                var hit = future[rng.Next(future.Count)];
                story = $"{cut} visit(s) given";
                switch (kind)
                {
                    case Disruption.FullDayDowntime:
                        downtimes.Add((hit.LinacId, FullDay(hit)));
                        story += $", {hit.LinacId} down all of {hit.Start.Date}";
                        break;
                    case Disruption.PartDayDowntime:
                        downtimes.Add((hit.LinacId, PartDay(hit, rng)));
                        story += $", QA over {hit.FractionId}";
                        break;
                    case Disruption.ClosureInW0:
                    {
                        var inW0 = future.Where(f => f.Start.Date >= first.Patient.DayOne && f.Start.Date <= Spec.W0End(first.Patient.DayOne)).ToList();
                        if (inW0.Count == 0)
                        {
                            return null;
                        }

                        hit = inW0[rng.Next(inW0.Count)];
                        closure = new Closure(hit.Start.Date, "Snow day") { Id = "snow" };
                        story += $", snow day {hit.Start.Date}";
                        break;
                    }

                    default:
                    {
                        // A physicist pins a later fraction; a downtime then hits another visit (one time in four, the pinned one).
                        var pin = future[rng.Next(future.Count)];
                        pinned.Add(pin);
                        var others = future.Where(f => f.Start.Date != pin.Start.Date).ToList();
                        var target = rng.Next(4) == 0 || others.Count == 0 ? pin : others[rng.Next(others.Count)];
                        downtimes.Add((target.LinacId, rng.Next(2) == 0 ? FullDay(target) : PartDay(target, rng)));
                        story += $", {pin.FractionId} pinned, downtime over {target.FractionId}";
                        break;
                    }
                }

                break;
            }
        }

        return (After(first, plan, now, missed, pinned, downtimes, closure), story);
    }

    /// <summary>
    /// The re-plan the service makes of <paramref name="plan"/> at <paramref name="now"/>: every fraction
    /// that started before now and was not missed is delivered, <paramref name="pinned"/> ones are
    /// pinned, missed ones are recorded and left out of Previous, and the new downtime and closure are
    /// added to the calendar.
    /// </summary>
    public static PlanRequest After(
        PlanRequest first,
        Plan plan,
        Instant now,
        IReadOnlyCollection<PlannedFraction>? missed = null,
        IReadOnlyCollection<PlannedFraction>? pinned = null,
        IReadOnlyCollection<(string LinacId, Downtime Downtime)>? downtimes = null,
        Closure? closure = null)
    {
        missed ??= [];
        pinned ??= [];
        downtimes ??= [];
        var ordered = plan.Fractions.OrderBy(f => f.Start.ToInstant()).ToList();
        var delivered = ordered.Where(f => f.Start.ToInstant() < now && !missed.Contains(f)).ToList();
        var kept = delivered.Select(f => Kept(f, KeptReason.Delivered)).Concat(pinned.Select(f => Kept(f, KeptReason.Pinned))).ToList();
        var previous = ordered.Where(f => !missed.Contains(f))
            .Select(f => f with { Origin = delivered.Contains(f) ? FractionOrigin.Delivered : pinned.Contains(f) ? FractionOrigin.Pinned : FractionOrigin.Planned })
            .ToList();
        var center = closure is null ? first.Center : new CenterCalendar(first.Center.Zone, first.Center.OpenDays, [.. first.Center.Closures, closure]);
        var linacs = first.Linacs.Select(l => l with { Downtimes = [.. l.Downtimes, .. downtimes.Where(d => d.LinacId == l.Id).Select(d => d.Downtime)] }).ToList();
        return first with
        {
            Center = center,
            Linacs = linacs,
            Kept = kept,
            Previous = previous,
            Missed = [.. missed.Select(m => new MissedFraction(m.LesionId, m.Start.ToInstant()) { FractionId = m.FractionId })],
            NotBefore = now,
            AllowProtocolDeviation = true,
        };
    }

    private static KeptFraction Kept(PlannedFraction f, KeptReason reason) =>
        new(f.LesionId, f.LinacId, f.Start.ToInstant(), f.End.ToInstant(), reason) { FractionId = f.FractionId };

    public static Downtime FullDay(PlannedFraction f) =>
        new(f.Start.Date + LocalTime.Midnight, f.Start.Date.PlusDays(1) + LocalTime.Midnight, "Repair") { Id = "repair" };

    /// <summary>QA over the fraction's slot, sometimes the next slot too.</summary>
    public static Downtime PartDay(PlannedFraction f, Random rng)
    {
        var minutes = (int)(f.End.ToInstant() - f.Start.ToInstant()).TotalMinutes;
        return new Downtime(f.Start.LocalDateTime, f.End.LocalDateTime.PlusMinutes(minutes * rng.Next(2)), "QA") { Id = "qa" };
    }
}
