using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>One oligometastatic lesion to treat with 5 x 10 Gy.</summary>
public sealed record Lesion(string Id, string Label);

/// <summary>
/// A participant as the solver needs them: the arm (1 = letrozole + palbociclib,
/// 2 = the same + I-SBRT), day 1 and, for arm 2, one to five lesions.
/// </summary>
public sealed record Patient(int Arm, LocalDate DayOne, IReadOnlyList<Lesion> Lesions)
{
    /// <summary>Hard: no fraction starts before this local time. Null: no limit.</summary>
    public LocalTime? AvailableFrom { get; init; }

    /// <summary>Hard: no fraction ends after this local time. Null: no limit.</summary>
    public LocalTime? AvailableUntil { get; init; }

    /// <summary>Hard: dates she cannot come. They never widen the window (not holidays).</summary>
    public IReadOnlyList<Absence> Absences { get; init; } = [];

    /// <summary>
    /// Soft: among plans equal on window deviation, span and visits (and, for re-plans, unforced moves),
    /// the one whose visits start closest to this local time wins (sum over visits of absolute minutes
    /// between the visit's first start and this time), before the other tie-breaks.
    /// </summary>
    public LocalTime? PreferredTime { get; init; }
}

/// <summary>Why a fraction cannot be moved by the solver (rule 7).</summary>
public enum KeptReason
{
    /// <summary>Given to the patient: a fact.</summary>
    Delivered,

    /// <summary>Fixed by a physicist; moves only when a physicist moves or unpins it.</summary>
    Pinned,
}

/// <summary>A fraction the solver must plan around and never move. End is exclusive.</summary>
public sealed record KeptFraction(string LesionId, string LinacId, Instant Start, Instant End, KeptReason Reason)
{
    /// <summary>The caller's id for it, carried through to the plan.</summary>
    public string? FractionId { get; init; }
}

/// <summary>A fraction that was due and not given (R4): its lesion still needs the dose, planned again.</summary>
public sealed record MissedFraction(string LesionId, Instant Start)
{
    /// <summary>The linac the missed fraction was planned on: its beam group is the lesion's (re-plans keep it).</summary>
    public string? LinacId { get; init; }

    /// <summary>The caller's id for the missed fraction, named as the cause of any deviation.</summary>
    public string? FractionId { get; init; }
}
