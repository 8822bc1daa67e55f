namespace Cimer.Sbrt.Api.Fhir;

/// <summary>A linac with its center's zone: a Schedule, a Device, and the owner of its Slots.</summary>
internal sealed class FhirLinacRow
{
    public string Id { get; init; } = "";
    public string CenterId { get; init; } = "";
    public string Name { get; init; } = "";
    public string OpensAt { get; init; } = "";
    public string ClosesAt { get; init; } = "";
    public long SlotMinutes { get; init; }
    public string TimeZone { get; init; } = "";
    public string CenterName { get; init; } = "";
}

/// <summary>A fraction as a visit (Appointment) reads it.</summary>
internal sealed class VisitFractionRow
{
    public string Id { get; init; } = "";
    public string PlanId { get; init; } = "";
    public string LinacId { get; init; } = "";
    public string LinacName { get; init; } = "";
    public string StartUtc { get; init; } = "";
    public string EndUtc { get; init; } = "";
    public string Status { get; init; } = "";
    public long Cancelled { get; init; }
    public string StudyId { get; init; } = "";
    public string TimeZone { get; init; } = "";
}
