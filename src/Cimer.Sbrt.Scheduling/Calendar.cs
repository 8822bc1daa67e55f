using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>A dated closure of a whole center: a holiday, a snow day.</summary>
/// <param name="Date">The local date the center is closed.</param>
/// <param name="Reason">Why, in words a scheduler reads ("Thanksgiving").</param>
public sealed record Closure(LocalDate Date, string Reason)
{
    /// <summary>An id for impact reports and deviation causes; optional.</summary>
    public string? Id { get; init; }
}

/// <summary>
/// A center's calendar as the solver sees it: its IANA zone, the weekdays it opens and its dated
/// closures (holiday calendar and manual ones already merged by the caller).
/// </summary>
public sealed class CenterCalendar
{
    private readonly Dictionary<LocalDate, Closure> closuresByDate;

    public CenterCalendar(DateTimeZone zone, IEnumerable<IsoDayOfWeek> openDays, IEnumerable<Closure>? closures = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(openDays);
        Zone = zone;
        OpenDays = openDays.ToHashSet();
        closuresByDate = [];
        foreach (var closure in closures ?? [])
        {
            closuresByDate.TryAdd(closure.Date, closure);
        }

        Closures = [.. closuresByDate.Values.OrderBy(c => c.Date)];
    }

    /// <summary>The center's IANA time zone: every slot time is local to it.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The weekdays the center opens (before closures).</summary>
    public IReadOnlySet<IsoDayOfWeek> OpenDays { get; }

    /// <summary>Closures in date order, at most one per date.</summary>
    public IReadOnlyList<Closure> Closures { get; }

    /// <summary>True when the weekly pattern opens the center on <paramref name="date"/>.</summary>
    public bool IsRegularOpenDay(LocalDate date) => OpenDays.Contains(date.DayOfWeek);

    /// <summary>The closure on <paramref name="date"/>, if any.</summary>
    public Closure? ClosureOn(LocalDate date) => closuresByDate.GetValueOrDefault(date);

    /// <summary>True when fractions may be given on <paramref name="date"/>: an open weekday, not closed.</summary>
    public bool IsOpen(LocalDate date) => IsRegularOpenDay(date) && !closuresByDate.ContainsKey(date);
}

/// <summary>A local interval during which a linac cannot treat (QA, repair). End is exclusive.</summary>
public sealed record Downtime(LocalDateTime Start, LocalDateTime End, string Reason)
{
    /// <summary>An id for explanations and impact reports; optional.</summary>
    public string? Id { get; init; }
}

/// <summary>
/// A treatment machine. Each open day it is cut into slots of <see cref="SlotMinutes"/> from
/// <see cref="OpensAt"/>; a slot exists only if it ends by <see cref="ClosesAt"/>.
/// </summary>
public sealed record Linac(string Id, LocalTime OpensAt, LocalTime ClosesAt, int SlotMinutes)
{
    /// <summary>Downtimes of this linac, local to the center's zone.</summary>
    public IReadOnlyList<Downtime> Downtimes { get; init; } = [];

    /// <summary>A name for explanations; defaults to the id.</summary>
    public string Name { get; init; } = Id;

    /// <summary>
    /// The beam-matched group: a lesion's fractions are given on linacs of one group only (its dose
    /// plan is computed for one machine model). Null: a group of its own, named by <see cref="Id"/>.
    /// When no linac of a request names a group, the rule is off and every linac may be used, as before groups existed.
    /// </summary>
    public string? BeamGroup { get; init; }

    /// <summary>Extra sessions of this linac, on top of its regular hours (see <see cref="Opening"/>).</summary>
    public IReadOnlyList<Opening> Openings { get; init; } = [];

    /// <summary>The group this linac belongs to: <see cref="BeamGroup"/>, or its id when it names none.</summary>
    public string Group => BeamGroup ?? Id;
}

/// <summary>A slot already taken by someone else (another patient's plan). End is exclusive.</summary>
public sealed record Booking(string LinacId, Instant Start, Instant End);
