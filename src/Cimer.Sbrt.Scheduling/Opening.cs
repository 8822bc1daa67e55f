using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// An extra session of one linac (a QA-free Saturday, an overtime evening): on <paramref name="Date"/>
/// the linac also has slots from <paramref name="OpensAt"/>, cut with its slot length, while a slot
/// ends by <paramref name="ClosesAt"/>. Usable even when the weekday is closed or the center has a
/// closure that date. It changes no window rule: the +/-2 day widening is still decided by closures.
/// </summary>
/// <param name="Date">The local date of the session.</param>
/// <param name="OpensAt">Local start of the first slot.</param>
/// <param name="ClosesAt">Local end; a slot exists only if it ends by then.</param>
/// <param name="Reason">Why, in words a scheduler reads ("overtime evening").</param>
public sealed record Opening(LocalDate Date, LocalTime OpensAt, LocalTime ClosesAt, string Reason)
{
    /// <summary>An id for explanations and impact reports; optional.</summary>
    public string? Id { get; init; }
}
