using System.Collections.Concurrent;
using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Slot grids already cut, by zone, linac hours and slot length, and date. Cutting a day into slots
/// maps every slot through the time zone, which costs more than the search on most requests; one
/// cache lets a request, its diagnosis and suggestions, a start-date range or a bulk re-plan cut each
/// grid once. Holds no bookings or downtime, so any requests may share it; safe across threads.
/// </summary>
public sealed class SlotGridCache
{
    private readonly ConcurrentDictionary<(DateTimeZone Zone, LocalTime OpensAt, LocalTime ClosesAt, int SlotMinutes, LocalDate Date), DayGrid> grids = new();

    /// <summary>Grids cut so far (one per linac shape and date).</summary>
    public int Count => grids.Count;

    internal DayGrid On(Linac linac, LocalDate date, DateTimeZone zone) =>
        grids.GetOrAdd((zone, linac.OpensAt, linac.ClosesAt, linac.SlotMinutes, date), static (key, linac) => new DayGrid(SlotGrid.On(linac, key.Date, key.Zone)), linac);
}
