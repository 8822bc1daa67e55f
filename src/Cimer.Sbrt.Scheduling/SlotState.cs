namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// What a linac slot is, as every view of the grid tells it (slots feed, FHIR, the board): one
/// definition, <see cref="SlotGrid.Cells"/>. Only <see cref="Free"/> may be booked by a plan, exactly
/// where the solver may book (rules 4 and 5).
/// </summary>
public enum SlotState
{
    /// <summary>On an open day or in an opening, in no downtime, held by no fraction.</summary>
    Free,

    /// <summary>Held by a fraction, in a slot that is neither closed nor down.</summary>
    Booked,

    /// <summary>
    /// A regular slot on a closure of a weekday the center opens (its opening's slots that day are not
    /// closed). Wins over <see cref="Down"/> and <see cref="Booked"/>.
    /// </summary>
    Closed,

    /// <summary>Overlaps a downtime of its linac. Wins over <see cref="Booked"/>: a kept fraction under new downtime is its plan's attention (R1).</summary>
    Down,
}
