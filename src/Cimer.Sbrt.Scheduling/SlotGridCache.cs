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
    private readonly int capacity;
    private int cut;

    /// <summary>A cache for one request or one batch: it keeps every grid it cuts.</summary>
    public SlotGridCache()
        : this(int.MaxValue)
    {
    }

    /// <summary>
    /// A cache that outlives requests (a service's): past <paramref name="capacity"/> grids cut it
    /// starts over, since a long-running service meets every date once and the recent ones again.
    /// </summary>
    public SlotGridCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
    }

    /// <summary>Grids cut so far (one per linac shape and date).</summary>
    public int Count => grids.Count;

    internal DayGrid On(Linac linac, LocalDate date, DateTimeZone zone)
    {
        var key = (zone, linac.OpensAt, linac.ClosesAt, linac.SlotMinutes, date);
        if (grids.TryGetValue(key, out var grid))
        {
            return grid;
        }

        if (Interlocked.Increment(ref cut) > capacity)
        {
            grids.Clear();
            Interlocked.Exchange(ref cut, 1);
        }

        return grids.GetOrAdd(key, static (key, linac) => new DayGrid(SlotGrid.On(linac, key.Date, key.Zone)), linac);
    }
}
