using NodaTime;
using NodaTime.TimeZones;

namespace Cimer.Sbrt.Scheduling;

/// <summary>One linac slot: the unit a fraction occupies (rule 5). End is exclusive.</summary>
public sealed record Slot(string LinacId, ZonedDateTime Start, ZonedDateTime End);

/// <summary>
/// Cuts a linac's day into slots. The grid is local: <c>OpensAt + k * SlotMinutes</c> while the slot
/// ends by <c>ClosesAt</c>. A local start that does not exist (spring-forward gap) is no slot;
/// an ambiguous one (fall-back overlap) is its first occurrence.
/// </summary>
public static partial class SlotGrid
{
    /// <summary>
    /// Every slot of <paramref name="linac"/> on <paramref name="date"/>, whether free or not: its regular
    /// grid, then the slots of its openings on that date that overlap no slot already there (an opening
    /// over regular hours merges), in time order.
    /// </summary>
    public static IReadOnlyList<Slot> On(Linac linac, LocalDate date, DateTimeZone zone) => Cut(linac, date, zone, regular: true, openings: true);

    /// <summary>The slots of the openings of <paramref name="linac"/> on <paramref name="date"/> only: what a closed day offers.</summary>
    public static IReadOnlyList<Slot> OpeningsOn(Linac linac, LocalDate date, DateTimeZone zone) => Cut(linac, date, zone, regular: false, openings: true);

    /// <summary>True when <paramref name="linac"/> has an opening on <paramref name="date"/>.</summary>
    public static bool HasOpeningOn(Linac linac, LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(linac);
        foreach (var opening in linac.Openings)
        {
            if (opening.Date == date)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The regular grid (when <paramref name="regular"/>) merged with the openings' slots (when <paramref name="openings"/>).</summary>
    internal static IReadOnlyList<Slot> Cut(Linac linac, LocalDate date, DateTimeZone zone, bool regular, bool openings)
    {
        ArgumentNullException.ThrowIfNull(linac);
        ArgumentNullException.ThrowIfNull(zone);
        var slots = new List<Slot>();
        if (linac.SlotMinutes <= 0)
        {
            return slots;
        }

        if (regular)
        {
            Add(linac, date, zone, linac.OpensAt, linac.ClosesAt, slots, merge: false);
        }

        if (openings && linac.Openings.Count > 0)
        {
            var before = slots.Count;
            foreach (var opening in linac.Openings)
            {
                if (opening.Date == date)
                {
                    Add(linac, date, zone, opening.OpensAt, opening.ClosesAt, slots, merge: true);
                }
            }

            if (slots.Count > before)
            {
                slots.Sort((a, b) => a.Start.ToInstant().CompareTo(b.Start.ToInstant()));
            }
        }

        return slots;
    }

    /// <summary>Cuts [opens, closes) into slots; with <paramref name="merge"/>, a slot overlapping one already there is left out.</summary>
    private static void Add(Linac linac, LocalDate date, DateTimeZone zone, LocalTime opensAt, LocalTime closesAt, List<Slot> slots, bool merge)
    {
        var length = Period.FromMinutes(linac.SlotMinutes);
        var closes = date + closesAt;
        for (var start = date + opensAt; start + length <= closes && start.Date == date; start += length)
        {
            var end = start + length;
            var zonedStart = zone.MapLocal(start);
            if (zonedStart.Count == 0)
            {
                continue;
            }

            var first = zonedStart.First();
            var zonedEnd = zone.ResolveLocal(end, Resolvers.LenientResolver);
            if (zonedEnd.ToInstant() <= first.ToInstant())
            {
                continue;
            }

            if (merge && slots.Exists(s => s.Start.ToInstant() < zonedEnd.ToInstant() && first.ToInstant() < s.End.ToInstant()))
            {
                continue;
            }

            slots.Add(new Slot(linac.Id, first, zonedEnd));
        }
    }

    /// <summary>True when <paramref name="slot"/> overlaps any downtime of <paramref name="linac"/>.</summary>
    public static bool IsDown(Linac linac, Slot slot)
    {
        ArgumentNullException.ThrowIfNull(linac);
        ArgumentNullException.ThrowIfNull(slot);
        return IsDown(linac, slot.Start.LocalDateTime, slot.End.LocalDateTime);
    }

    /// <summary>True when local [<paramref name="start"/>, <paramref name="end"/>) overlaps any downtime of <paramref name="linac"/>.</summary>
    internal static bool IsDown(Linac linac, LocalDateTime start, LocalDateTime end)
    {
        foreach (var downtime in linac.Downtimes)
        {
            if (Covers(downtime, start, end))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a downtime covers every slot of the linac's day (a full-day downtime).</summary>
    /// <remarks>Regular hours only: openings change no window rule.</remarks>
    public static bool IsDownAllDay(Linac linac, LocalDate date, DateTimeZone zone) =>
        new DayGrid(Cut(linac, date, zone, regular: true, openings: false)).IsDownAllDay(linac);
}
