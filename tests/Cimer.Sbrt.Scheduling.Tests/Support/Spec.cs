using NodaTime;
using NodaTime.TimeZones;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>One slot of a linac's day, as the test code computes it (End exclusive).</summary>
public sealed record GridSlot(string LinacId, LocalDate Date, LocalDateTime LocalStart, LocalDateTime LocalEnd, Instant Start, Instant End);

/// <summary>
/// The words of scheduling-rules.md re-stated in test code, so that the oracle and the brute force
/// lean on nothing the solver or the production validator could share a bug with.
/// </summary>
public static class Spec
{
    public const int FractionsPerLesion = 5;
    public const double FractionDoseGy = 10.0;
    public static readonly Duration MinGap = Duration.FromHours(48);

    public static LocalDate W0Start(LocalDate dayOne) => dayOne;
    public static LocalDate W0End(LocalDate dayOne) => dayOne.PlusDays(11);
    public static LocalDate WideStart(LocalDate dayOne) => dayOne.PlusDays(-2);
    public static LocalDate WideEnd(LocalDate dayOne) => dayOne.PlusDays(13);
    public static LocalDate LastDeviationDay(LocalDate dayOne) => dayOne.PlusDays(19);
    public static LocalDate Palbociclib(LocalDate dayOne) => dayOne.PlusDays(20);

    public static IEnumerable<LocalDate> Days(LocalDate first, LocalDate last)
    {
        for (var d = first; d <= last; d = d.PlusDays(1))
        {
            yield return d;
        }
    }

    public static int DaysBetween(LocalDate from, LocalDate to) => Period.DaysBetween(from, to);

    /// <summary>
    /// The local grid: OpensAt + k * SlotMinutes while the slot ends by ClosesAt (same date); a local
    /// start that does not exist is no slot, an ambiguous one is its first occurrence.
    /// </summary>
    public static IReadOnlyList<GridSlot> Slots(Linac linac, LocalDate date, DateTimeZone zone)
    {
        var slots = new List<GridSlot>();
        if (linac.SlotMinutes <= 0)
        {
            return slots;
        }

        var closes = date + linac.ClosesAt;
        for (var k = 0; ; k++)
        {
            var localStart = date + linac.OpensAt + Period.FromMinutes((long)k * linac.SlotMinutes);
            var localEnd = localStart + Period.FromMinutes(linac.SlotMinutes);
            if (localStart.Date != date || localEnd > closes)
            {
                break;
            }

            var mapping = zone.MapLocal(localStart);
            if (mapping.Count == 0)
            {
                continue;
            }

            var start = mapping.First().ToInstant();
            var end = zone.ResolveLocal(localEnd, Resolvers.LenientResolver).ToInstant();
            if (end > start)
            {
                slots.Add(new GridSlot(linac.Id, date, localStart, localEnd, start, end));
            }
        }

        return slots;
    }

    /// <summary>
    /// The slots a fraction may use on <paramref name="date"/>: the regular grid on an open day, plus each
    /// opening's own grid (cut from its start) where it overlaps no slot already there; on a closed day
    /// the openings' slots only.
    /// </summary>
    public static IReadOnlyList<GridSlot> DaySlots(PlanRequest request, Linac linac, LocalDate date)
    {
        var zone = request.Center.Zone;
        var result = request.Center.IsOpen(date) ? Slots(linac, date, zone).ToList() : [];
        foreach (var opening in linac.Openings.Where(o => o.Date == date))
        {
            foreach (var slot in Slots(linac with { OpensAt = opening.OpensAt, ClosesAt = opening.ClosesAt }, date, zone))
            {
                if (!result.Any(r => Overlaps(r.Start, r.End, slot.Start, slot.End)))
                {
                    result.Add(slot);
                }
            }
        }

        return [.. result.OrderBy(s => s.Start)];
    }

    /// <summary>The patient can come for this slot: not an absence, within her hours.</summary>
    public static bool PatientCan(PlanRequest request, LocalDateTime start, LocalDateTime end)
    {
        var patient = request.Patient;
        return patient.Absences.All(a => a.Date != start.Date)
            && (patient.AvailableFrom is not { } from || start.TimeOfDay >= from)
            && (patient.AvailableUntil is not { } until || end <= start.Date + until);
    }

    /// <summary>A linac's beam group: its own id when it names none.</summary>
    public static string GroupOf(PlanRequest request, string linacId) =>
        request.Linacs.FirstOrDefault(l => l.Id == linacId) is { } linac ? linac.BeamGroup ?? linac.Id : linacId;

    /// <summary>Downtime is local: a slot is down when any downtime interval overlaps its local interval.</summary>
    public static bool IsDown(Linac linac, LocalDateTime start, LocalDateTime end) =>
        linac.Downtimes.Any(d => d.Start < end && start < d.End);

    public static bool IsDownAllDay(Linac linac, LocalDate date, DateTimeZone zone)
    {
        var slots = Slots(linac, date, zone);
        return slots.Count > 0 && slots.All(s => IsDown(linac, s.LocalStart, s.LocalEnd));
    }

    public static bool Overlaps(Instant aStart, Instant aEnd, Instant bStart, Instant bEnd) => aStart < bEnd && bStart < aEnd;

    public static bool IsBooked(PlanRequest request, string linacId, Instant start, Instant end) =>
        request.Bookings.Any(b => b.LinacId == linacId && Overlaps(b.Start, b.End, start, end));

    /// <summary>
    /// Rule 3's "closure" inside W0: a center closure on a regular open weekday, or a linac downtime
    /// covering all of that linac's slots on a day the center is open.
    /// </summary>
    public static IReadOnlyList<LocalDate> ClosureDatesInW0(PlanRequest request)
    {
        var dayOne = request.Patient.DayOne;
        var center = request.Center;
        return
        [
            .. Days(W0Start(dayOne), W0End(dayOne)).Where(d =>
                (center.IsRegularOpenDay(d) && center.ClosureOn(d) is not null)
                || (center.IsOpen(d) && request.Linacs.Any(l => IsDownAllDay(l, d, center.Zone)))),
        ];
    }

    /// <summary>Rule 8: the earliest open day in D1-7..D1-1, or null when there is none.</summary>
    public static LocalDate? EarliestSimulationDay(PlanRequest request)
    {
        var dayOne = request.Patient.DayOne;
        foreach (var d in Days(dayOne.PlusDays(-7), dayOne.PlusDays(-1)))
        {
            if (request.Center.IsOpen(d))
            {
                return d;
            }
        }

        return null;
    }

    public static FractionOrigin OriginOf(KeptReason reason) =>
        reason == KeptReason.Delivered ? FractionOrigin.Delivered : FractionOrigin.Pinned;

    public static LocalDate LocalDate(PlanRequest request, Instant instant) => instant.InZone(request.Center.Zone).Date;

    public static LocalDate LocalDate(PlanRequest request, PlannedFraction fraction) =>
        fraction.Start.ToInstant().InZone(request.Center.Zone).Date;
}
