using System.Data;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Slots;

/// <summary>A center's slot grid over <c>First..Last</c>, with the calendar and linacs it was cut from.</summary>
internal sealed record CenterSlotGrid(CenterCalendar Calendar, IReadOnlyList<Linac> Linacs, LocalDate First, LocalDate Last, IReadOnlyList<SlotCell> Cells)
{
    /// <summary>True when some linac treats on <paramref name="date"/>: an open day, or a closed one with an opening.</summary>
    public bool Treats(LocalDate date) => CenterSlots.Treats(Calendar, Linacs, date);
}

/// <summary>
/// A center's slot grid as <see cref="SlotGrid.Cells"/> tells it, read for every view: the slots feed lists
/// its free and booked cells, the week board draws all but the closed ones, FHIR maps every one.
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
        var booked = await PlanStore.BookingsAsync(connection, null, center.Id,
            first.AtStartOfDayInZone(calendar.Zone).ToInstant(), last.PlusDays(1).AtStartOfDayInZone(calendar.Zone).ToInstant(), ct);
        return new CenterSlotGrid(calendar, linacs, first, last, SlotGrid.Cells(calendar, linacs, first, last, booked));
    }
}
