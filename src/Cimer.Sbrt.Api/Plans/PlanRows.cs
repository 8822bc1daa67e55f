namespace Cimer.Sbrt.Api.Plans;

/// <summary>A row of <c>plans</c> with its center's zone, as stored.</summary>
internal sealed class PlanRow
{
    public string Id { get; init; } = "";
    public string PatientId { get; init; } = "";
    public string CenterId { get; init; } = "";
    public long Version { get; init; }
    public string Status { get; init; } = "";
    public string DayOne { get; init; } = "";
    public long MaxFractionsPerDay { get; init; }
    public string WindowStart { get; init; } = "";
    public string WindowEnd { get; init; } = "";
    public long DaysBefore { get; init; }
    public long DaysAfter { get; init; }
    public string WindowClosures { get; init; } = "[]";
    public string Milestones { get; init; } = "[]";
    public string Explanation { get; init; } = "[]";
    public string? ProtocolDeviation { get; init; }
    public string? AttentionReason { get; init; }
    public string TimeZone { get; init; } = "";
}

/// <summary>A row of <c>fractions</c>, as stored.</summary>
internal sealed class FractionRow
{
    public string Id { get; init; } = "";
    public string PlanId { get; init; } = "";
    public string LesionId { get; init; } = "";
    public long Number { get; init; }
    public double DoseGy { get; init; }
    public string LinacId { get; init; } = "";
    public string StartUtc { get; init; } = "";
    public string EndUtc { get; init; } = "";
    public string Status { get; init; } = "";
    public long Pinned { get; init; }
    public long Cancelled { get; init; }
    public string? RecordedAtUtc { get; init; }
    public string? RecordedReason { get; init; }
    public string? UnconfirmedUtc { get; init; }
    public long Sequence { get; init; }
    public string ChangedUtc { get; init; } = "";
}
