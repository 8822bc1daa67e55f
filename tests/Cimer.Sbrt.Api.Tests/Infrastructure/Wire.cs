using System.Text.Json;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

// The contract's shapes as an integrator would write them: independent of the service's own types.

public sealed record Center(string Id, string Name, string TimeZone, string[] OpenDays, string? HolidayCalendar);

public sealed record Closure(string? Id, string Date, string Reason, string Source);

public sealed record Linac(string Id, string CenterId, string Name, string OpensAt, string ClosesAt, int SlotMinutes)
{
    public string? BeamGroup { get; init; }
}

public sealed record Opening(string Id, string LinacId, string Date, string OpensAt, string ClosesAt, string Reason, int Slots);

public sealed record OpeningSuggestion(string Date, string LinacId, string OpensAt, string ClosesAt, int Minutes);

public sealed record Downtime(string Id, string LinacId, string Start, string End, string Reason);

public sealed record Lesion(string Id, string Label, string? Site, double GreatestDiameterCm);

public sealed record Patient(string Id, string StudyId, string CenterId, int Arm, string DayOne, Lesion[] Lesions)
{
    public long Version { get; init; }

    public string Status { get; init; } = "";

    public Withdrawal? Withdrawal { get; init; }

    public string? AvailableFrom { get; init; }

    public string? AvailableUntil { get; init; }

    public string? PreferredTime { get; init; }
}

public sealed record Absence(string Id, string PatientId, string Date, string Reason, string CreatedAt);

public sealed record AbsenceRecorded(Absence Absence, Plan? Plan);

public sealed record Withdrawal(string At, string Reason);

public sealed record PatientChange(Patient Patient, Plan? Plan);

public sealed record Page<T>(T[] Items, string? Next);

public sealed record Plan(
    string Id, string PatientId, long Version, string Status, string DayOne, Window Window, Fraction[] Fractions,
    Milestone[] Milestones, Summary Summary, string[] Explanation, ProtocolDeviation? ProtocolDeviation, Change[]? Changes)
{
    public string? AttentionReason { get; init; }

    public bool Unconfirmed { get; init; }

    public OpeningSuggestion[]? OpeningSuggestions { get; init; }

    public Fraction[] Booked => [.. Fractions.Where(f => f.Status is "planned" or "delivered")];
}

public sealed record Window(string Start, string End, int DeviationDays, WindowClosure[] Closures);

public sealed record WindowClosure(string Date, string Reason);

public sealed record Fraction(string Id, string LesionId, int Number, double DoseGy, string LinacId, string Start, string End, string Status, bool Pinned)
{
    public bool Unconfirmed { get; init; }

    public DateTimeOffset StartsAt => DateTimeOffset.Parse(Start, System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record Milestone(string Kind, string Date);

public sealed record Summary(int SpanDays, int Visits, double TotalDoseGy);

public sealed record ProtocolDeviation(int DaysPastWindow, JsonElement[] Causes);

public sealed record Change(string FractionId, SlotRef? From, SlotRef To);

public sealed record SlotRef(string LinacId, string Start);

public sealed record Slot(string LinacId, string Start, string End, string Status, string? PlanId);

public sealed record Violation(string Rule, string Message, string? FractionId, string? LesionId, string? Date);

public sealed record Problem(
    string? Type, string Title, int Status, string? Detail, Dictionary<string, string[]>? Errors,
    string? Code, Violation[]? Violations, JsonElement[]? Suggestions);

public sealed record Impact(PlanImpact[] Plans);

public sealed record PlanImpact(string PlanId, string Outcome, Change[] Changes, ProtocolDeviation? ProtocolDeviation, string? Reason)
{
    public OpeningSuggestion[]? OpeningSuggestions { get; init; }
}

public sealed record DowntimeAdded(string Id, string LinacId, string Start, string End, string Reason, Impact Impact);

public sealed record ClosureAdded(string Id, string Date, string Reason, string Source, Impact Impact);

public sealed record StartDate(
    string DayOne, bool Feasible, int? DeviationDays, int? SpanDays, int? Visits, string? FirstFraction, string? LastFraction, string? Code, string? Reason);

public sealed record WorklistFraction(
    string FractionId, string PlanId, string StudyId, string LesionId, string LesionLabel, int Number,
    string LinacId, string LinacName, string Start, string End, string Status, bool Pinned, string? FlaggedAt);

public sealed record AttentionEntry(string PlanId, string PatientId, string StudyId, string? Reason);

public sealed record DeviationEntry(string PlanId, string PatientId, string StudyId, string Status, ProtocolDeviation ProtocolDeviation);

public sealed record Worklist(
    string Date, WorklistFraction[] Fractions, WorklistFraction[] Unconfirmed, AttentionEntry[] NeedsAttention, DeviationEntry[] ProtocolDeviations);

public sealed record WebhookCreated(string Id, string Url, string[] Events, string Secret, string CreatedAt);

public sealed record Webhook(string Id, string Url, string[] Events, string CreatedAt, string? DisabledAt);

public sealed record DeliveryAttempt(string EventId, string Type, int Attempt, string At, int? StatusCode, string? Error, string? NextAttempt, string Outcome);
