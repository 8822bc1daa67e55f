using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// One linac's slots on one date, in ticks, with what is free for this patient's new fractions.
/// Start, End and MinuteOfDay are the shared arrays of a <see cref="DayGrid"/>: never written.
/// </summary>
internal sealed class LinacDay(int linac, long[] start, long[] end, int[] minuteOfDay, bool[] free, bool[] down)
{
    public int Linac { get; } = linac;
    public long[] Start { get; } = start;
    public long[] End { get; } = end;

    /// <summary>Local minutes since midnight of each slot start, for "same time of day" preferences.</summary>
    public int[] MinuteOfDay { get; } = minuteOfDay;

    /// <summary>Usable by a new fraction: not down, not booked by others, not kept, after NotBefore.</summary>
    public bool[] Free { get; } = free;

    /// <summary>Under downtime (for explanations of why a date is unusable).</summary>
    public bool[] Down { get; } = down;

    public int Count => Start.Length;

    /// <summary>True when slot <paramref name="j"/>+1 starts as slot <paramref name="j"/> ends.</summary>
    public bool Adjacent(int j) => End[j] == Start[j + 1];
}

/// <summary>A kept fraction placed on the grid of its day.</summary>
internal sealed record KeptOnDay(int Lesion, long Start, int Linac, int Slot, KeptFraction Source);

/// <summary>Everything the search needs about one date.</summary>
internal sealed class DayInfo(LocalDate date, int dayNumber, LinacDay[] linacs)
{
    public LocalDate Date { get; } = date;
    public int DayNumber { get; } = dayNumber;
    public LinacDay[] Linacs { get; } = linacs;
    public List<KeptOnDay> Kept { get; } = [];

    /// <summary>The kept fractions' linac and slot run when they form one contiguous visit; else -1.</summary>
    public int KeptLinac { get; set; } = -1;
    public int KeptFirst { get; set; }
    public int KeptLast { get; set; }

    /// <summary>
    /// Kept fractions with a pinned one among them that are not one consecutive visit and cannot be
    /// made one: no plan exists until a person moves them. (Delivered-only days are history.)
    /// </summary>
    public bool Broken { get; set; }

    /// <summary>Slots between the first and last kept ones that new fractions must fill to keep the visit consecutive.</summary>
    public int KeptGaps { get; set; }

    /// <summary>True for the kept slots of <see cref="KeptLinac"/>.</summary>
    public bool IsKeptSlot(int slot) => Kept.Any(k => k.Slot == slot);

    /// <summary>The earliest slot start of any linac that day (ticks), or the day's end when none.</summary>
    public long FirstSlotTicks { get; } = linacs.Where(l => l.Count > 0).Select(l => l.Start[0]).DefaultIfEmpty(long.MaxValue / 2).Min();

    /// <summary>Local minute of the earliest kept fraction's start, for the preferred-time distance of a kept-only visit.</summary>
    public int KeptMinute { get; set; }

    /// <summary>Most new fractions this date can take (daily cap, free runs, kept visit); 0 when none.</summary>
    public int NewCap { get; set; }
}

/// <summary>
/// A request turned into arrays the search can walk quickly: lesions by index, every candidate
/// date of the widest window with its linac slots, and kept fractions per lesion.
/// </summary>
internal sealed class Instance
{
    public const long GapTicks = 48 * NodaConstants.TicksPerHour;

    private Instance(PlanRequest request, LocalDate first, int dayCount, DayBuilder builder, int[] remaining, long[][] keptStarts, int[][] keptDays)
    {
        Request = request;
        firstDate = first;
        firstDayNumber = DayNumberOf(first);
        days = new DayInfo?[dayCount];
        this.builder = builder;
        Remaining = remaining;
        KeptStarts = keptStarts;
        KeptDays = keptDays;
    }

    // Days are built when first asked for: a plan found in its nominal window never pays for the dates
    // of the wider ones (about a third of the 22 a first plan may use).
    private readonly LocalDate firstDate;
    private readonly int firstDayNumber;
    private readonly DayInfo?[] days;
    private readonly DayBuilder builder;

    public PlanRequest Request { get; }
    public DateTimeZone Zone => Request.Center.Zone;
    public LocalDate DayOne => Request.Patient.DayOne;
    public int LesionCount => Remaining.Length;
    public int Cap => Request.MaxFractionsPerDay;

    /// <summary>The patient's preferred local minute of the day, or -1 when she gives none.</summary>
    public int PreferredMinute { get; private init; } = -1;

    /// <summary>Minutes between a visit starting at local <paramref name="minute"/> and the preferred time; 0 without one.</summary>
    public int DistanceOf(int minute) => PreferredMinute < 0 ? 0 : Math.Abs(minute - PreferredMinute);

    /// <summary>
    /// Re-plans under the beam-group rule: per lesion, the linacs it may use (<see cref="BeamGroups"/>).
    /// Null: every linac. Set by the scheduler after <see cref="Build"/>.
    /// </summary>
    public bool[][]? LinacAllowed { get; set; }

    /// <summary>Lesions differ in their linacs: lesions that look alike are not interchangeable.</summary>
    public bool MixedGroups { get; set; }

    /// <summary>True when every lesion of <paramref name="order"/> may be treated on linac <paramref name="linac"/>.</summary>
    public bool Allows(int[] order, int linac)
    {
        if (LinacAllowed is not { } allowed)
        {
            return true;
        }

        foreach (var lesion in order)
        {
            if (!allowed[lesion][linac])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every date from the earliest to the latest date any window may use, in order (builds them all).</summary>
    public IReadOnlyList<DayInfo> Days => [.. DaysIn(firstDayNumber, firstDayNumber + days.Length - 1)];

    /// <summary>The dates with day numbers <paramref name="start"/>..<paramref name="end"/> this instance has, in order.</summary>
    public IEnumerable<DayInfo> DaysIn(int start, int end)
    {
        for (var n = Math.Max(start, firstDayNumber); n <= end && n < firstDayNumber + days.Length; n++)
        {
            yield return DayAt(n)!;
        }
    }

    /// <summary>The dates holding kept fractions, in order (built with the instance).</summary>
    public IEnumerable<DayInfo> KeptOnDays => days.Where(d => d is { Kept.Count: > 0 }).Select(d => d!);

    /// <summary>New fractions each lesion still needs: 5 minus its kept ones.</summary>
    public int[] Remaining { get; }

    /// <summary>Per lesion, the start ticks and day numbers of its kept fractions, in time order.</summary>
    public long[][] KeptStarts { get; }
    public int[][] KeptDays { get; }

    /// <summary>
    /// Booking indexes by the list they were built from: the start-date finder and suggestions solve
    /// many requests over one list of bookings. Weakly keyed, so nothing outlives the caller's list.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<Booking>, Dictionary<string, IntervalIndex>> BookingIndexes = [];

    private static Dictionary<string, IntervalIndex> IndexBookings(IReadOnlyList<Booking> bookings) =>
        bookings.ToLookup(b => b.LinacId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new IntervalIndex(g.Select(b => (b.Start, b.End))), StringComparer.Ordinal);

    public static int DayNumberOf(LocalDate date) => date.ToDateOnly().DayNumber;

    public DayInfo? DayAt(int dayNumber)
    {
        var index = dayNumber - firstDayNumber;
        if (index < 0 || index >= days.Length)
        {
            return null;
        }

        if (days[index] is not { } day)
        {
            day = days[index] = builder.Build(Request, firstDate.PlusDays(index));
            ComputeNewCap(day);
        }

        return day;
    }

    /// <summary>Builds the arrays for dates <paramref name="first"/>..<paramref name="last"/>.</summary>
    public static Instance Build(PlanRequest request, LocalDate first, LocalDate last, SlotGridCache grids)
    {
        var lesions = request.Patient.Lesions;
        var lesionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lesions.Count; i++)
        {
            lesionIndex[lesions[i].Id] = i;
        }

        var linacIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < request.Linacs.Count; i++)
        {
            linacIndex[request.Linacs[i].Id] = i;
        }

        var kept = request.Kept.Where(k => lesionIndex.ContainsKey(k.LesionId)).OrderBy(k => k.Start).ToList();
        if (kept.Count > 0)
        {
            var zone = request.Center.Zone;
            var keptFirst = kept[0].Start.InZone(zone).Date;
            var keptLast = kept[^1].Start.InZone(zone).Date;
            first = keptFirst < first ? keptFirst : first;
            last = keptLast > last ? keptLast : last;
        }

        var builder = new DayBuilder(BookingIndexes.GetValue(request.Bookings, IndexBookings), kept, grids);
        var remaining = new int[lesions.Count];
        var keptStarts = new long[lesions.Count][];
        var keptDays = new int[lesions.Count][];
        for (var i = 0; i < lesions.Count; i++)
        {
            var mine = kept.Where(k => lesionIndex[k.LesionId] == i).ToList();
            remaining[i] = Math.Max(0, 5 - mine.Count);
            keptStarts[i] = [.. mine.Select(k => k.Start.ToUnixTimeTicks())];
            keptDays[i] = [.. mine.Select(k => DayNumberOf(k.Start.InZone(request.Center.Zone).Date))];
        }

        var preferred = request.Patient.PreferredTime is { } time ? time.Hour * 60 + time.Minute : -1;
        var instance = new Instance(request, first, Period.DaysBetween(first, last) + 1, builder, remaining, keptStarts, keptDays) { PreferredMinute = preferred };
        // Days with kept fractions are built now, every kept fraction placed before their capacity is worked out.
        var keptOn = new List<DayInfo>();
        foreach (var k in kept)
        {
            var index = Period.DaysBetween(first, k.Start.InZone(request.Center.Zone).Date);
            if (instance.days[index] is not { } day)
            {
                keptOn.Add(day = instance.days[index] = builder.Build(request, first.PlusDays(index)));
            }

            instance.PlaceKept(k, lesionIndex[k.LesionId], linacIndex);
        }

        foreach (var day in keptOn)
        {
            instance.ComputeNewCap(day);
            var keptStart = day.Kept.MinBy(k => k.Start)!.Source.Start.InZone(request.Center.Zone);
            day.KeptMinute = keptStart.Hour * 60 + keptStart.Minute;
        }

        return instance;
    }

    /// <summary>What building one day needs besides the request: the booking indexes, the kept fractions and the slot grids.</summary>
    private sealed class DayBuilder(Dictionary<string, IntervalIndex> bookings, List<KeptFraction> kept, SlotGridCache grids)
    {
        public DayInfo Build(PlanRequest request, LocalDate date) => BuildDay(request, date, bookings, kept, grids);
    }

    private static DayInfo BuildDay(PlanRequest request, LocalDate date, Dictionary<string, IntervalIndex> bookings, List<KeptFraction> kept, SlotGridCache grids)
    {
        var zone = request.Center.Zone;
        var open = request.Center.IsOpen(date);
        var patient = request.Patient;
        // An absence is a closure for her alone: nothing new that date (kept fractions stay facts).
        var absent = patient.Absences.Count > 0 && patient.Absences.Any(a => a.Date == date);
        var extra = !open && !absent && request.Linacs.Any(l => SlotGrid.HasOpeningOn(l, date));
        if (!open && !extra && !kept.Any(k => k.Start.InZone(zone).Date == date))
        {
            // Nothing can happen on a closed day without kept fractions or openings: no slots to build.
            return new DayInfo(date, DayNumberOf(date), [.. request.Linacs.Select((_, l) => new LinacDay(l, [], [], [], [], []))]);
        }

        var notBefore = request.NotBefore?.ToUnixTimeTicks() ?? long.MinValue;
        var (from, until) = (patient.AvailableFrom, patient.AvailableUntil);
        var untilAt = until is { } u ? date + u : default;
        var linacDays = new LinacDay[request.Linacs.Count];
        for (var l = 0; l < request.Linacs.Count; l++)
        {
            var linac = request.Linacs[l];
            // On a closed day a linac with an opening offers the opening's slots only; without one, its
            // regular grid (for kept fractions), none of it free.
            var openingsOnly = !open && SlotGrid.HasOpeningOn(linac, date);
            var grid = grids.On(linac, date, zone, regular: !openingsOnly);
            var usable = (open || openingsOnly) && !absent;
            var (start, end) = (grid.Start, grid.End);
            var free = new bool[grid.Count];
            var down = new bool[grid.Count];
            // What every slot of this linac is checked against, looked up once per linac, not per slot.
            var hasDowntimes = linac.Downtimes.Count > 0;
            // Slots come in time order, so other plans' bookings are walked once per day, not searched per slot.
            var index = grid.Count > 0 ? bookings.GetValueOrDefault(linac.Id) : null;
            var taken = index is not null;
            var walk = index?.WalkFrom(end[0]) ?? default;
            var keptHere = KeptOn(kept, linac.Id);
            for (var j = 0; j < grid.Count; j++)
            {
                down[j] = hasDowntimes && SlotGrid.IsDown(linac, grid.LocalStart[j], grid.LocalEnd[j]);
                free[j] = usable && !down[j] && start[j] > notBefore
                    && (from is not { } f || grid.LocalStart[j].TimeOfDay >= f)
                    && (until is null || grid.LocalEnd[j] <= untilAt)
                    && !(taken && walk.Overlaps(start[j], end[j]))
                    && !Overlaps(keptHere, start[j], end[j]);
            }

            linacDays[l] = new LinacDay(l, start, end, grid.MinuteOfDay, free, down);
        }

        return new DayInfo(date, DayNumberOf(date), linacDays);
    }

    /// <summary>The kept fractions on linac <paramref name="linacId"/> as tick intervals (mostly none).</summary>
    private static (long Start, long End)[] KeptOn(List<KeptFraction> kept, string linacId)
    {
        if (kept.Count == 0)
        {
            return [];
        }

        return [.. kept.Where(k => k.LinacId == linacId).Select(k => (k.Start.ToUnixTimeTicks(), k.End.ToUnixTimeTicks()))];
    }

    private static bool Overlaps((long Start, long End)[] intervals, long start, long end)
    {
        foreach (var (s, e) in intervals)
        {
            if (s < end && start < e)
            {
                return true;
            }
        }

        return false;
    }

    private void PlaceKept(KeptFraction k, int lesion, Dictionary<string, int> linacIndex)
    {
        var day = DayAt(DayNumberOf(k.Start.InZone(Zone).Date))!;
        var ticks = k.Start.ToUnixTimeTicks();
        var linac = linacIndex.GetValueOrDefault(k.LinacId, -1);
        var slot = linac < 0 ? -1 : Array.IndexOf(day.Linacs[linac].Start, ticks);
        day.Kept.Add(new KeptOnDay(lesion, ticks, linac, slot, k));
    }

    private void ComputeNewCap(DayInfo day)
    {
        var room = Cap - day.Kept.Count;
        if (day.Kept.Count > 0)
        {
            ComputeKeptVisit(day, room);
            day.Broken = day.KeptLinac < 0 && day.Kept.Any(k => k.Source.Reason == KeptReason.Pinned) && !IsOneVisit(day.Kept);
            return;
        }

        var best = 0;
        foreach (var ld in day.Linacs)
        {
            var run = 0;
            for (var j = 0; j < ld.Count; j++)
            {
                run = ld.Free[j] ? (j > 0 && ld.Free[j - 1] && ld.Adjacent(j - 1) ? run + 1 : 1) : 0;
                best = Math.Max(best, run);
            }
        }

        day.NewCap = Math.Min(room, best);
    }

    private static bool IsOneVisit(List<KeptOnDay> kept)
    {
        var ordered = kept.Select(k => k.Source).OrderBy(k => k.Start).ToList();
        return ordered.Zip(ordered.Skip(1)).All(p => p.First.LinacId == p.Second.LinacId && p.First.End == p.Second.Start);
    }

    private static void ComputeKeptVisit(DayInfo day, int room)
    {
        day.NewCap = 0;
        var linac = day.Kept[0].Linac;
        if (linac < 0 || day.Kept.Any(k => k.Linac != linac || k.Slot < 0))
        {
            return;
        }

        var slots = day.Kept.Select(k => k.Slot).Order().ToArray();
        var ld = day.Linacs[linac];
        for (var j = slots[0]; j < slots[^1]; j++)
        {
            // Between kept slots, the grid must run on and every slot not kept must be free for a new fraction.
            if (!ld.Adjacent(j) || (j > slots[0] && Array.IndexOf(slots, j) < 0 && !ld.Free[j]))
            {
                return;
            }
        }

        var gaps = slots[^1] - slots[0] + 1 - slots.Length;
        if (gaps > room)
        {
            return;
        }

        day.KeptLinac = linac;
        day.KeptFirst = slots[0];
        day.KeptLast = slots[^1];
        day.KeptGaps = gaps;
        var left = 0;
        for (var j = slots[0] - 1; j >= 0 && ld.Free[j] && ld.Adjacent(j); j--)
        {
            left++;
        }

        var right = 0;
        for (var j = slots[^1] + 1; j < ld.Count && ld.Free[j] && ld.Adjacent(j - 1); j++)
        {
            right++;
        }

        day.NewCap = Math.Max(0, Math.Min(room, gaps + left + right));
    }
}
