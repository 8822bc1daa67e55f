using NodaTime;

namespace Cimer.Sbrt.Scheduling;

public static partial class SlotGrid
{
    /// <summary>
    /// Every slot of <paramref name="linacs"/> on <paramref name="first"/>..<paramref name="last"/> (inclusive
    /// local dates) and what it is, in start order, then by linac id (ordinal). An open day has each linac's
    /// grid with its openings (<see cref="On"/>); a closure of a weekday the center opens has the openings'
    /// slots and, <see cref="SlotState.Closed"/>, the regular slots they leave; any other closed day has its
    /// openings' slots only. A slot is held by the plan of a booking on its linac that overlaps it, as the
    /// solver reads bookings; no slot exists outside a linac's hours and openings.
    /// </summary>
    /// <param name="calendar">The center's zone, open weekdays and closures.</param>
    /// <param name="linacs">The linacs to cut, with their hours, openings and downtimes.</param>
    /// <param name="first">The first local date.</param>
    /// <param name="last">The last local date, inclusive; before <paramref name="first"/> there is no slot.</param>
    /// <param name="bookings">The fractions holding slots, by plan; one that overlaps no slot is in no cell.</param>
    public static IReadOnlyList<SlotCell> Cells(CenterCalendar calendar, IReadOnlyList<Linac> linacs, LocalDate first, LocalDate last, IEnumerable<PlanBooking> bookings)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(linacs);
        ArgumentNullException.ThrowIfNull(bookings);
        var held = bookings.GroupBy(b => b.Booking.LinacId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Holders(g), StringComparer.Ordinal);
        var cells = new List<SlotCell>();
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            // Only a weekday the center opens has regular slots to close; a closed weekend stays as it was.
            var closure = calendar.IsRegularOpenDay(date) ? calendar.ClosureOn(date) : null;
            foreach (var linac in linacs)
            {
                var holders = held.GetValueOrDefault(linac.Id);
                foreach (var (slot, closed) in Day(calendar, linac, date, closure is not null))
                {
                    var downtimes = linac.Downtimes.Where(d => Covers(d, slot.Start.LocalDateTime, slot.End.LocalDateTime)).ToList();
                    var planId = holders?.Of(slot);
                    var state = closed ? SlotState.Closed : downtimes.Count > 0 ? SlotState.Down : planId is null ? SlotState.Free : SlotState.Booked;
                    cells.Add(new SlotCell(slot, state, planId, closed ? closure : null, downtimes));
                }
            }
        }

        cells.Sort((a, b) => a.Slot.Start.ToInstant() != b.Slot.Start.ToInstant()
            ? a.Slot.Start.ToInstant().CompareTo(b.Slot.Start.ToInstant())
            : string.CompareOrdinal(a.Slot.LinacId, b.Slot.LinacId));
        return cells;
    }

    /// <summary>The slots <paramref name="linac"/> has on <paramref name="date"/>, each with whether a closure closes it.</summary>
    private static IEnumerable<(Slot Slot, bool Closed)> Day(CenterCalendar calendar, Linac linac, LocalDate date, bool closure)
    {
        if (calendar.IsOpen(date))
        {
            return On(linac, date, calendar.Zone).Select(s => (s, false));
        }

        // An opening is usable even on a closure (it is why it was opened); the regular slots it does not overlap are closed.
        var openings = OpeningsOn(linac, date, calendar.Zone);
        var day = openings.Select(s => (s, false));
        return !closure ? day
            : day.Concat(Cut(linac, date, calendar.Zone, regular: true, openings: false)
                .Where(s => !openings.Any(o => o.Start.ToInstant() < s.End.ToInstant() && s.Start.ToInstant() < o.End.ToInstant()))
                .Select(s => (s, true)));
    }

    /// <summary>True when <paramref name="downtime"/> overlaps local [<paramref name="start"/>, <paramref name="end"/>).</summary>
    private static bool Covers(Downtime downtime, LocalDateTime start, LocalDateTime end) => downtime.Start < end && start < downtime.End;

    /// <summary>One linac's bookings by start, to find the one overlapping a slot without walking them all.</summary>
    private sealed class Holders
    {
        private readonly PlanBooking[] byStart;
        private readonly Instant[] starts;
        private readonly Duration longest;

        public Holders(IEnumerable<PlanBooking> bookings)
        {
            byStart = [.. bookings.OrderBy(b => b.Booking.Start)];
            starts = [.. byStart.Select(b => b.Booking.Start)];
            longest = byStart.Length == 0 ? Duration.Zero : byStart.Max(b => b.Booking.End - b.Booking.Start);
        }

        /// <summary>The plan of the latest-starting booking that overlaps <paramref name="slot"/>, or null.</summary>
        public string? Of(Slot slot)
        {
            var (start, end) = (slot.Start.ToInstant(), slot.End.ToInstant());
            // Bookings starting before the slot ends are a prefix; one that starts a longest booking or more before the slot ended before it.
            var count = Array.BinarySearch(starts, end);
            count = count < 0 ? ~count : count;
            while (count > 0 && starts[count - 1] == end)
            {
                count--;
            }

            for (var i = count - 1; i >= 0 && starts[i] + longest > start; i--)
            {
                if (byStart[i].Booking.End > start)
                {
                    return byStart[i].PlanId;
                }
            }

            return null;
        }
    }
}
