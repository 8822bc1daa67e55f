using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// A date the patient cannot come: like a closure for her alone (hard), but not a holiday, so it
/// never earns the +/-2 day window widening. A re-plan pushed past its window by it names it.
/// </summary>
/// <param name="Date">The local date she cannot come.</param>
/// <param name="Reason">Why, in words a scheduler reads.</param>
public sealed record Absence(LocalDate Date, string Reason)
{
    /// <summary>An id for deviation causes; optional.</summary>
    public string? Id { get; init; }
}
