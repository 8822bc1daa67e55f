using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>A stored plan with its fractions, typed: what a read-decide-write works on.</summary>
internal sealed class PlanRecord
{
    public required string Id { get; init; }
    public required string PatientId { get; init; }
    public required string CenterId { get; init; }
    public required DateTimeZone Zone { get; init; }
    /// <summary>The patient's day 1; a correction of the patient moves it.</summary>
    public required LocalDate DayOne { get; set; }
    public required int MaxFractionsPerDay { get; init; }
    public long Version { get; set; } = 1;
    public PlanStatus Status { get; set; } = PlanStatus.Draft;
    public LocalDate WindowStart { get; set; }
    public LocalDate WindowEnd { get; set; }
    public int DaysBefore { get; set; }
    public int DaysAfter { get; set; }
    public IReadOnlyList<ClosureEntry> WindowClosures { get; set; } = [];
    public IReadOnlyList<MilestoneResponse> Milestones { get; set; } = [];
    public IReadOnlyList<string> Explanation { get; set; } = [];
    public ProtocolDeviationResponse? ProtocolDeviation { get; set; }

    /// <summary>Why a person must look at the plan; set while <see cref="Status"/> is needsAttention.</summary>
    public string? AttentionReason { get; set; }

    public List<FractionRecord> Fractions { get; init; } = [];

    /// <summary>Fractions that hold a slot: planned or delivered (missed ones are history).</summary>
    public IEnumerable<FractionRecord> Booked => Fractions.Where(f => f.Status is FractionStatus.Planned or FractionStatus.Delivered);

    public FractionRecord Fraction(string fractionId) =>
        Fractions.Find(f => f.Id == fractionId) ?? throw Web.Problems.NotFound("fraction of this plan", fractionId);
}

internal sealed class FractionRecord
{
    public required string Id { get; init; }
    public required string LesionId { get; init; }
    public int Number { get; set; }
    public double DoseGy { get; init; }
    public required string LinacId { get; set; }
    public Instant Start { get; set; }
    public Instant End { get; set; }
    public FractionStatus Status { get; set; } = FractionStatus.Planned;
    public bool Pinned { get; set; }
    public bool Cancelled { get; set; }
    public Instant? RecordedAt { get; set; }
    public string? RecordedReason { get; set; }

    /// <summary>When the nightly reconciliation found it past with no delivery record.</summary>
    public Instant? UnconfirmedAt { get; set; }

    /// <summary>Flagged by reconciliation and still not recorded.</summary>
    public bool IsUnconfirmed => UnconfirmedAt is not null && Status == FractionStatus.Planned;
}
