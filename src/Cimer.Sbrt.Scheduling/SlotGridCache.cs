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
    private readonly ConcurrentDictionary<(DateTimeZone Zone, LocalTime OpensAt, LocalTime ClosesAt, int SlotMinutes, LocalDate Date, int Shape, string Openings), DayGrid> grids = new();
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

    /// <summary>
    /// The grid of <paramref name="linac"/> on <paramref name="date"/>: regular hours when
    /// <paramref name="regular"/>, its openings of that date when <paramref name="openings"/>. The key
    /// holds the openings' hours of that date, so linacs of one shape with other openings never share a grid.
    /// </summary>
    internal DayGrid On(Linac linac, LocalDate date, DateTimeZone zone, bool regular = true, bool openings = true)
    {
        var hours = openings ? OpeningHours(linac, date) : string.Empty;
        var key = (zone, linac.OpensAt, linac.ClosesAt, linac.SlotMinutes, date, (regular ? 1 : 0) | (hours.Length > 0 ? 2 : 0), hours);
        if (grids.TryGetValue(key, out var grid))
        {
            return grid;
        }

        if (Interlocked.Increment(ref cut) > capacity)
        {
            grids.Clear();
            Interlocked.Exchange(ref cut, 1);
        }

        return grids.GetOrAdd(key, static (key, linac) => new DayGrid(SlotGrid.Cut(linac, key.Date, key.Zone, (key.Shape & 1) != 0, key.Openings.Length > 0)), linac);
    }

    /// <summary>The hours of the linac's openings on <paramref name="date"/>, in its order ("" when none).</summary>
    private static string OpeningHours(Linac linac, LocalDate date)
    {
        if (linac.Openings.Count == 0)
        {
            return string.Empty;
        }

        var text = new System.Text.StringBuilder();
        foreach (var opening in linac.Openings)
        {
            if (opening.Date == date)
            {
                text.Append(opening.OpensAt.TickOfDay).Append('-').Append(opening.ClosesAt.TickOfDay).Append(';');
            }
        }

        return text.ToString();
    }
}
