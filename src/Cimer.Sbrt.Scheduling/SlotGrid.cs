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
public static class SlotGrid
{
    /// <summary>Every slot of <paramref name="linac"/> on <paramref name="date"/>, whether free or not.</summary>
    public static IReadOnlyList<Slot> On(Linac linac, LocalDate date, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(linac);
        ArgumentNullException.ThrowIfNull(zone);
        var slots = new List<Slot>();
        if (linac.SlotMinutes <= 0)
        {
            return slots;
        }

        var length = Period.FromMinutes(linac.SlotMinutes);
        var closes = date + linac.ClosesAt;
        for (var start = date + linac.OpensAt; start + length <= closes && start.Date == date; start += length)
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

            slots.Add(new Slot(linac.Id, first, zonedEnd));
        }

        return slots;
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
            if (downtime.Start < end && start < downtime.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a downtime covers every slot of the linac's day (a full-day downtime).</summary>
    public static bool IsDownAllDay(Linac linac, LocalDate date, DateTimeZone zone) =>
        new DayGrid(On(linac, date, zone)).IsDownAllDay(linac);
}
