using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>Where a stored plan stands in its life.</summary>
public enum PlanStatus
{
    Draft,
    Active,
    Completed,
    Cancelled,
    NeedsAttention,
}

/// <summary>What became of a fraction: planned (holds a slot), delivered (a fact, holds its slot), missed (history) or displaced (lost its slot, awaiting a person).</summary>
public enum FractionStatus
{
    Planned,
    Delivered,
    Missed,
    Displaced,
}

/// <summary>A slot of a linac, from its start.</summary>
public sealed record SlotAt(string LinacId, Instant Start);

/// <summary>One fraction of a booked plan as it stands. End is exclusive.</summary>
public sealed record BookedFraction
{
    public required string Id { get; init; }
    public required string LesionId { get; init; }
    public int Number { get; init; }
    public double DoseGy { get; init; } = PlannedFraction.FractionDoseGy;
    public required string LinacId { get; init; }
    public Instant Start { get; init; }
    public Instant End { get; init; }
    public FractionStatus Status { get; init; } = FractionStatus.Planned;
    public bool Pinned { get; init; }

    /// <summary>Set on every fraction of a cancelled plan.</summary>
    public bool Cancelled { get; init; }

    public Instant? RecordedAt { get; init; }
    public string? RecordedReason { get; init; }

    /// <summary>When the nightly reconciliation found it past with no delivery record.</summary>
    public Instant? UnconfirmedAt { get; init; }

    /// <summary>
    /// The one definition of "holds a slot" (the database's <c>booked_fractions</c> view says the same):
    /// planned or delivered, and not cancelled. Missed and displaced fractions are history.
    /// </summary>
    public bool HoldsSlot => Status is FractionStatus.Planned or FractionStatus.Delivered && !Cancelled;

    /// <summary>Flagged by reconciliation and still not recorded.</summary>
    public bool IsUnconfirmed => UnconfirmedAt is not null && Status == FractionStatus.Planned;

    public SlotAt Slot => new(LinacId, Start);
}

/// <summary>
/// A patient's stored plan, immutable: what every change of the days that follow reads, and what its
/// decision returns at the next version. The words and pictures around it (milestones, explanation)
/// are the caller's to keep; the window figures are here because edits are measured against them.
/// </summary>
public sealed record BookedPlan
{
    public required string Id { get; init; }
    public required string PatientId { get; init; }
    public required string CenterId { get; init; }
    public required DateTimeZone Zone { get; init; }

    /// <summary>The patient's day 1; a correction of the patient moves it.</summary>
    public required LocalDate DayOne { get; init; }

    public required int MaxFractionsPerDay { get; init; }
    public long Version { get; init; } = 1;
    public PlanStatus Status { get; init; } = PlanStatus.Draft;
    public LocalDate WindowStart { get; init; }
    public LocalDate WindowEnd { get; init; }
    public int DaysBefore { get; init; }
    public int DaysAfter { get; init; }

    /// <summary>Why a person must look at the plan; set while <see cref="Status"/> is needsAttention.</summary>
    public string? AttentionReason { get; init; }

    public IReadOnlyList<BookedFraction> Fractions { get; init; } = [];

    /// <summary>Fractions that hold a slot (<see cref="BookedFraction.HoldsSlot"/>).</summary>
    public IEnumerable<BookedFraction> Booked => Fractions.Where(f => f.HoldsSlot);

    /// <summary>The fraction with <paramref name="fractionId"/>, or null.</summary>
    public BookedFraction? Find(string fractionId) => Fractions.FirstOrDefault(f => f.Id == fractionId);

    /// <summary>Live: neither cancelled nor completed, so the days that follow may still change it.</summary>
    public bool IsUnfinished => Status is not (PlanStatus.Cancelled or PlanStatus.Completed);

    /// <summary>This plan's bookings as other plans' requests see them.</summary>
    public IEnumerable<Booking> Bookings => Booked.Select(f => new Booking(f.LinacId, f.Start, f.End));
}
