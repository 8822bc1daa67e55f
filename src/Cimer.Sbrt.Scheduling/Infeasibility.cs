using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>Stable codes of "no plan exists", for integrators to branch on.</summary>
public static class InfeasibilityCodes
{
    /// <summary>The open days of the window cannot hold five fractions 48 h apart for a lesion.</summary>
    public const string WindowTooShort = "windowTooShort";

    /// <summary>The window's open days could hold the fractions only with a higher daily cap.</summary>
    public const string DailyCapTooLow = "dailyCapTooLow";

    /// <summary>The calendar allows a plan, but linac bookings, downtime or the past do not.</summary>
    public const string LinacsUnavailable = "linacsUnavailable";

    /// <summary>No open day in D1-7..D1-1 for CT simulation (rule 8).</summary>
    public const string NoSimulationDay = "noSimulationDay";

    /// <summary>Delivered or pinned fractions already break a rule, or leave no room around them.</summary>
    public const string KeptFractionsConflict = "keptFractionsConflict";

    /// <summary>
    /// A re-plan (or a first plan asked for one group) fits only on linacs of another beam group: the
    /// lesion's dose plan is for its own machine model, so a dose plan for another machine is needed.
    /// </summary>
    public const string NeedsOtherMachine = "needsOtherMachine";

    /// <summary>The calendar and linacs allow a plan, but not within the patient's hours or around her absences.</summary>
    public const string PatientUnavailable = "patientUnavailable";

    /// <summary>The center has no linac.</summary>
    public const string NoLinac = "noLinac";
}

/// <summary>Something that would make the plan feasible.</summary>
/// <param name="Kind"><c>dayOne</c>, <c>maxFractionsPerDay</c> or <c>linac</c>.</param>
/// <param name="Message">What to change, in words.</param>
public sealed record Suggestion(string Kind, string Message)
{
    public LocalDate? DayOne { get; init; }
    public int? MaxFractionsPerDay { get; init; }
}

/// <summary>Why no plan exists, in words a scheduler can act on.</summary>
public sealed record Infeasibility(string Code, string Summary, IReadOnlyList<Violation> Violations, IReadOnlyList<Suggestion> Suggestions);

/// <summary>The solver's answer: a plan, or why there is none. Never an exception.</summary>
public sealed record PlanOutcome
{
    private PlanOutcome(Plan? plan, Infeasibility? infeasibility)
    {
        Plan = plan;
        Infeasibility = infeasibility;
    }

    public Plan? Plan { get; }
    public Infeasibility? Infeasibility { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Plan))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Infeasibility))]
    public bool IsFeasible => Plan is not null;

    public static PlanOutcome Feasible(Plan plan) => new(plan, null);
    public static PlanOutcome Infeasible(Infeasibility infeasibility) => new(null, infeasibility);
}
