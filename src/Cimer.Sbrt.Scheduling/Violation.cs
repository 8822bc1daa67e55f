using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>The stable names of the hard rules, as they appear in violations and problems.</summary>
public static class Rules
{
    public const string Prescription = "prescription";
    public const string Gap48h = "gap48h";
    public const string Window = "window";
    public const string OpenTime = "openTime";
    public const string Capacity = "capacity";
    public const string OneVisitPerDay = "oneVisitPerDay";
    public const string DailyCap = "dailyCap";
    public const string KeptFractions = "keptFractions";
    public const string Milestones = "milestones";
    public const string NotInPast = "notInPast";

    /// <summary>A lesion's fractions stay on linacs of one beam-matched group (a first plan: the whole plan).</summary>
    public const string BeamGroup = "beamGroup";

    /// <summary>Fractions only within the patient's hours and never on her absences.</summary>
    public const string PatientAvailability = "patientAvailability";
}

/// <summary>One broken hard rule, with the fraction and date it concerns where there is one.</summary>
public sealed record Violation(string Rule, string Message)
{
    public LocalDate? Date { get; init; }
    public string? FractionId { get; init; }
    public string? LesionId { get; init; }
}
