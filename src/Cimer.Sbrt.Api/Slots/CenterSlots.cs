using System.Data;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Slots;

/// <summary>What a slot of the grid is: free, holding a fraction, or in downtime.</summary>
internal enum SlotState
{
    Free,
    Booked,
    Down,
}

/// <param name="Slot">The slot, in the center's zone.</param>
/// <param name="State">Down wins over booked: a kept fraction under new downtime is the plan's attention, not the slot's.</param>
/// <param name="PlanId">The plan holding it, when one does (also under downtime).</param>
internal sealed record SlotCell(Slot Slot, SlotState State, string? PlanId);

/// <summary>A center's slot grid over <c>First..Last</c>, with the calendar and linacs it was cut from.</summary>
internal sealed record CenterSlotGrid(CenterCalendar Calendar, IReadOnlyList<Linac> Linacs, LocalDate First, LocalDate Last, IReadOnlyList<SlotCell> Cells)
{
    /// <summary>True when some linac treats on <paramref name="date"/>: an open day, or a closed one with an opening.</summary>
    public bool Treats(LocalDate date) => CenterSlots.Treats(Calendar, Linacs, date);
}

/// <summary>
/// The one reading of "which slots exist and who holds them": the slots feed lists its cells that
/// are not down, the week board draws all of them. A closed day has only the cells of its openings.
/// </summary>
internal static class CenterSlots
{
    /// <summary>True on an open day, and on a closed day when a linac has an opening that date.</summary>
    public static bool Treats(CenterCalendar calendar, IReadOnlyList<Linac> linacs, LocalDate date) =>
        calendar.IsOpen(date) || linacs.Any(l => SlotGrid.HasOpeningOn(l, date));


    /// <summary><c>from</c> and <c>to</c> (inclusive local dates) or their defaults, with 400 field errors for bad or too long ranges.</summary>
    public static (LocalDate First, LocalDate Last) Range(FieldErrors errors, string? from, string? to, LocalDate defaultFirst, int defaultDays, int maxDays)
    {
        var first = errors.Date("from", from, required: false) ?? defaultFirst;
        var last = errors.Date("to", to, required: false) ?? first.PlusDays(defaultDays - 1);
        DateRanges.Check(errors, first, last, maxDays);
        return (first, last);
    }

    public static async Task<CenterSlotGrid> LoadAsync(IDbConnection connection, CenterRow center, LocalDate first, LocalDate last, CancellationToken ct)
    {
        var calendar = await CenterCalendars.LoadAsync(connection, center, first, last, ct);
        var linacs = await LinacStore.SchedulingLinacsAsync(connection, center.Id, ct);
        var booked = (await PlanStore.BookingsAsync(connection, null, center.Id,
                first.AtStartOfDayInZone(calendar.Zone).ToInstant(), last.PlusDays(1).AtStartOfDayInZone(calendar.Zone).ToInstant(), ct))
            .ToDictionary(b => (b.Booking.LinacId, b.Booking.Start), b => b.PlanId);
        return new CenterSlotGrid(calendar, linacs, first, last, [.. Cells(calendar, linacs, first, last, booked)]);
    }

    private static IEnumerable<SlotCell> Cells(
        CenterCalendar calendar, IReadOnlyList<Linac> linacs, LocalDate first, LocalDate last, Dictionary<(string, Instant), string> booked)
    {
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            // A closed day (weekend, holiday, closure) offers only its openings' slots, as the solver sees it.
            var open = calendar.IsOpen(date);
            var day = linacs.SelectMany(linac => (open ? SlotGrid.On(linac, date, calendar.Zone) : SlotGrid.OpeningsOn(linac, date, calendar.Zone))
                .Select(slot => (Linac: linac, Slot: slot)));
            foreach (var (linac, slot) in day.OrderBy(s => s.Slot.Start.ToInstant()).ThenBy(s => s.Slot.LinacId, StringComparer.Ordinal))
            {
                var planId = booked.GetValueOrDefault((slot.LinacId, slot.Start.ToInstant()));
                var state = SlotGrid.IsDown(linac, slot) ? SlotState.Down : planId is null ? SlotState.Free : SlotState.Booked;
                yield return new SlotCell(slot, state, planId);
            }
        }
    }
}
