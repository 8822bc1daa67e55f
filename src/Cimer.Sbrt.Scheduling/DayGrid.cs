using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// The slot grid of one linac shape on one date, as the search reads it. Shared by every instance
/// built from one <see cref="SlotGridCache"/>: read-only once built.
/// </summary>
internal sealed class DayGrid
{
    public DayGrid(IReadOnlyList<Slot> slots)
    {
        Start = new long[slots.Count];
        End = new long[slots.Count];
        MinuteOfDay = new int[slots.Count];
        LocalStart = new LocalDateTime[slots.Count];
        LocalEnd = new LocalDateTime[slots.Count];
        for (var j = 0; j < slots.Count; j++)
        {
            var slot = slots[j];
            Start[j] = slot.Start.ToInstant().ToUnixTimeTicks();
            End[j] = slot.End.ToInstant().ToUnixTimeTicks();
            MinuteOfDay[j] = slot.Start.Hour * 60 + slot.Start.Minute;
            LocalStart[j] = slot.Start.LocalDateTime;
            LocalEnd[j] = slot.End.LocalDateTime;
        }
    }

    public int Count => Start.Length;

    /// <summary>Slot starts and ends in Unix ticks (end exclusive).</summary>
    public long[] Start { get; }
    public long[] End { get; }

    /// <summary>Local minutes since midnight of each slot start.</summary>
    public int[] MinuteOfDay { get; }

    /// <summary>Local start and end of each slot, for downtime (a local interval).</summary>
    public LocalDateTime[] LocalStart { get; }
    public LocalDateTime[] LocalEnd { get; }

    /// <summary>True when every slot is under downtime of <paramref name="linac"/>, and there is a slot.</summary>
    public bool IsDownAllDay(Linac linac)
    {
        for (var j = 0; j < Count; j++)
        {
            if (!SlotGrid.IsDown(linac, LocalStart[j], LocalEnd[j]))
            {
                return false;
            }
        }

        return Count > 0;
    }
}
