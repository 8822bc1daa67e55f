namespace Cimer.Sbrt.Api.Linacs;

/// <summary>A row of <c>linacs</c>, as stored.</summary>
internal sealed class LinacRow
{
    public string Id { get; init; } = "";
    public string CenterId { get; init; } = "";
    public string Name { get; init; } = "";
    public string OpensAt { get; init; } = "";
    public string ClosesAt { get; init; } = "";
    public long SlotMinutes { get; init; }
    public string? BeamGroup { get; init; }
    public long Version { get; init; }
}

/// <summary>A row of <c>downtimes</c>, as stored.</summary>
internal sealed class DowntimeRow
{
    public string Id { get; init; } = "";
    public string LinacId { get; init; } = "";
    public string StartLocal { get; init; } = "";
    public string EndLocal { get; init; } = "";
    public string Reason { get; init; } = "";
}

/// <summary>A row of <c>openings</c>, as stored.</summary>
internal sealed class OpeningRow
{
    public string Id { get; init; } = "";
    public string LinacId { get; init; } = "";
    public string Date { get; init; } = "";
    public string OpensAt { get; init; } = "";
    public string ClosesAt { get; init; } = "";
    public string Reason { get; init; } = "";
}
