using NodaTime;
using NodaTime.Text;

namespace Cimer.Sbrt.Scheduling;

/// <summary>The patient's hours and absences: what they forbid, and how they are named when they are why.</summary>
internal static class Availability
{
    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;

    /// <summary>True when she gives hours or absences.</summary>
    public static bool Restricts(Patient patient) =>
        patient.AvailableFrom is not null || patient.AvailableUntil is not null || patient.Absences.Count > 0;

    /// <summary>The same patient with neither hours nor absences (the preferred time stays: it is soft).</summary>
    public static Patient Lifted(Patient patient) => patient with { AvailableFrom = null, AvailableUntil = null, Absences = [] };

    public static DeviationCause Cause(Absence absence) =>
        new(DeviationCauseKinds.Absence, absence.Id, absence.Date) { Reason = absence.Reason };

    /// <summary>Absences between <paramref name="start"/> and <paramref name="end"/>, inclusive.</summary>
    public static IReadOnlyList<Absence> In(Patient patient, LocalDate start, LocalDate end) =>
        [.. patient.Absences.Where(a => a.Date >= start && a.Date <= end).OrderBy(a => a.Date)];

    /// <summary>Why a fraction starting at local <paramref name="start"/> and ending at <paramref name="end"/> breaks her availability; null when it does not.</summary>
    public static string? Breach(Patient patient, LocalDateTime start, LocalDateTime end)
    {
        if (patient.Absences.FirstOrDefault(a => a.Date == start.Date) is { } absence)
        {
            return $"the patient cannot come on {Date.Format(absence.Date)} ({absence.Reason})";
        }

        if (patient.AvailableFrom is { } from && start.TimeOfDay < from)
        {
            return $"the patient can come from {PlanBuilder.FormatTime(from)} only";
        }

        return patient.AvailableUntil is { } until && end > start.Date + until
            ? $"the patient can stay until {PlanBuilder.FormatTime(until)} only"
            : null;
    }

    /// <summary>Her hours and absences in words, for an infeasibility.</summary>
    public static string Describe(Patient patient)
    {
        var parts = new List<string>();
        if (patient.AvailableFrom is not null || patient.AvailableUntil is not null)
        {
            parts.Add($"she can come {(patient.AvailableFrom is { } f ? $"from {PlanBuilder.FormatTime(f)}" : "")}{(patient.AvailableFrom is not null && patient.AvailableUntil is not null ? " " : "")}{(patient.AvailableUntil is { } u ? $"until {PlanBuilder.FormatTime(u)}" : "")}");
        }

        if (patient.Absences.Count > 0)
        {
            parts.Add($"she cannot come on {string.Join(", ", patient.Absences.OrderBy(a => a.Date).Select(a => $"{Date.Format(a.Date)} ({a.Reason})"))}");
        }

        return string.Join("; ", parts);
    }
}
