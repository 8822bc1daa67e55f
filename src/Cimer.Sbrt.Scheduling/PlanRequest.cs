using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>Everything the solver reads: no clock, no database; the caller gathers it.</summary>
public sealed record PlanRequest
{
    /// <summary>The smallest and largest allowed daily caps (rule 6).</summary>
    public const int MinDailyCap = 1, MaxDailyCap = 5;

    public required CenterCalendar Center { get; init; }

    /// <summary>The center's linacs; the plan may use any of them.</summary>
    public required IReadOnlyList<Linac> Linacs { get; init; }

    public required Patient Patient { get; init; }

    /// <summary>Slots taken by other patients' plans (rule 5).</summary>
    public IReadOnlyList<Booking> Bookings { get; init; } = [];

    /// <summary>Delivered and pinned fractions of this patient (rule 7).</summary>
    public IReadOnlyList<KeptFraction> Kept { get; init; } = [];

    /// <summary>At most this many fractions in one visit, 1..5 (rule 6).</summary>
    public int MaxFractionsPerDay { get; init; } = 3;

    /// <summary>
    /// New fractions start strictly after this moment (R2). The caller passes its clock's now;
    /// null plans as if nothing were in the past.
    /// </summary>
    public Instant? NotBefore { get; init; }

    /// <summary>
    /// When re-planning: the fractions of the version being replaced. Their planned fractions
    /// make this a re-plan: after the window, the solver first minimises the previous fractions
    /// moved that did not have to move (R5 "best" 2), then span and visits. Past fractions with
    /// no delivery record should be passed as <see cref="Kept"/>, not here: the solver never
    /// re-plans what may have been given.
    /// </summary>
    public IReadOnlyList<PlannedFraction> Previous { get; init; } = [];

    /// <summary>
    /// Re-plans: fractions recorded as missed. Previous fractions of the same lesion after a miss
    /// may move freely (they have to), and the miss is named when the plan runs past its window.
    /// </summary>
    public IReadOnlyList<MissedFraction> Missed { get; init; } = [];

    /// <summary>
    /// Re-plans only (R5): when no plan fits the window, run past its end, as few days as possible
    /// and never beyond D1+19, and report a protocol deviation.
    /// </summary>
    public bool AllowProtocolDeviation { get; init; }

    /// <summary>
    /// First plans only: plan every lesion on linacs of this beam group (<see cref="Linac.Group"/>).
    /// Null: the solver tries each group and returns the best plan. Unknown group: the request is malformed.
    /// </summary>
    public string? BeamGroup { get; init; }
}
