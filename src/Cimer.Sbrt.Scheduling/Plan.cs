using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>Where a fraction of a plan comes from.</summary>
public enum FractionOrigin
{
    /// <summary>Placed by the solver.</summary>
    Planned,

    /// <summary>Already given; kept as it was.</summary>
    Delivered,

    /// <summary>Pinned by a physicist; kept as it was.</summary>
    Pinned,
}

/// <summary>One fraction of a plan: one lesion, 10 Gy, one linac slot. End is exclusive.</summary>
public sealed record PlannedFraction(string LesionId, int Number, string LinacId, ZonedDateTime Start, ZonedDateTime End, FractionOrigin Origin)
{
    /// <summary>Dose of every I-SBRT fraction, in gray (rule 1).</summary>
    public const double FractionDoseGy = 10.0;

    /// <summary>The caller's id for a kept or previous fraction; null for a new one.</summary>
    public string? FractionId { get; init; }

    /// <summary>Always <see cref="FractionDoseGy"/>; kept on the instance for serializers.</summary>
    public double DoseGy { get; init; } = FractionDoseGy;
}

/// <summary>
/// The dates a plan may use. <see cref="DeviationDays"/> is how far the fractions reach outside
/// W0 = D1..D1+11: <see cref="DaysBefore"/> (before D1) plus <see cref="DaysAfter"/> (after D1+11), 0..4.
/// </summary>
public sealed record PlanWindow(LocalDate Start, LocalDate End, int DaysBefore, int DaysAfter, IReadOnlyList<Closure> Closures)
{
    public int DeviationDays => DaysBefore + DaysAfter;
}

/// <summary>What pushed a re-plan past its window.</summary>
/// <param name="Kind">One of <see cref="DeviationCauseKinds"/>: <c>missedFraction</c>, <c>downtime</c>, <c>closure</c> or <c>absence</c>.</param>
/// <param name="Id">The missed fraction's, downtime's, closure's or absence's id, when the caller gave one.</param>
/// <param name="Date">The local date of the miss, downtime, closure or absence.</param>
public sealed record DeviationCause(string Kind, string? Id, LocalDate Date)
{
    /// <summary>The absence's reason (kind <c>absence</c>); null for the other kinds.</summary>
    public string? Reason { get; init; }
}

/// <summary>The kinds of <see cref="DeviationCause"/>.</summary>
public static class DeviationCauseKinds
{
    public const string MissedFraction = "missedFraction";
    public const string Downtime = "downtime";
    public const string Closure = "closure";

    /// <summary>The patient cannot come that date; never a reason to widen the window.</summary>
    public const string Absence = "absence";
}

/// <summary>R5: how far a re-plan runs past its window, and why.</summary>
public sealed record ProtocolDeviation(int DaysPastWindow, IReadOnlyList<DeviationCause> Causes);

public enum MilestoneKind
{
    Simulation,
    LetrozoleStart,
    PalbociclibStart,
}

public sealed record Milestone(MilestoneKind Kind, LocalDate Date);

/// <summary>Span in calendar days (first to last fraction date, inclusive), visits (dates treated), total dose.</summary>
public sealed record PlanSummary(int SpanDays, int Visits, double TotalDoseGy);

/// <summary>A plan that satisfies every hard rule, optimal for deviation, span and visits.</summary>
public sealed record Plan(
    LocalDate DayOne,
    PlanWindow Window,
    IReadOnlyList<PlannedFraction> Fractions,
    IReadOnlyList<Milestone> Milestones,
    PlanSummary Summary,
    IReadOnlyList<string> Explanation)
{
    /// <summary>Set only on re-plans that run past the window (R5).</summary>
    public ProtocolDeviation? ProtocolDeviation { get; init; }

    /// <summary>
    /// Re-plans: previous fractions moved that did not have to move (R5 "best" 2). Zero for a first plan.
    /// </summary>
    public int UnforcedMoves { get; init; }
}
