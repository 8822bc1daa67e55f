using System.Text.Json;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

// The contract's shapes as an integrator would write them: independent of the service's own types.

public sealed record Center(string Id, string Name, string TimeZone, string[] OpenDays, string? HolidayCalendar);

public sealed record Closure(string? Id, string Date, string Reason, string Source);

public sealed record Linac(string Id, string CenterId, string Name, string OpensAt, string ClosesAt, int SlotMinutes);

public sealed record Downtime(string Id, string LinacId, string Start, string End, string Reason);

public sealed record Lesion(string Id, string Label, string? Site, double GreatestDiameterCm);

public sealed record Patient(string Id, string StudyId, string CenterId, int Arm, string DayOne, Lesion[] Lesions);

public sealed record Plan(
    string Id, string PatientId, long Version, string Status, string DayOne, Window Window, Fraction[] Fractions,
    Milestone[] Milestones, Summary Summary, string[] Explanation, ProtocolDeviation? ProtocolDeviation, Change[]? Changes)
{
    public Fraction[] Booked => [.. Fractions.Where(f => f.Status is "planned" or "delivered")];
}

public sealed record Window(string Start, string End, int DeviationDays, WindowClosure[] Closures);

public sealed record WindowClosure(string Date, string Reason);

public sealed record Fraction(string Id, string LesionId, int Number, double DoseGy, string LinacId, string Start, string End, string Status, bool Pinned)
{
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

public sealed record Webhook(string Id, string Url, string[] Events, string Status, string? DisabledReason, string CreatedAt, string? Secret);

public sealed record Delivery(string Id, string WebhookId, string Type, string PlanId, string Status, string? NextAttemptAt, string? CompletedAt, Attempt[] Attempts);

public sealed record Attempt(int Number, string At, int? StatusCode, string? Error, long DurationMs);

public sealed record WebhookEvent(string Type, string Timestamp, WebhookEventData Data);

public sealed record WebhookEventData(string PlanId, string PatientId, long Version, string? FractionId);
