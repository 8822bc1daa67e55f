namespace Cimer.Sbrt.Scheduling;

/// <summary>Lists every hard-rule violation of a proposed plan (e.g. one a physicist edited).</summary>
public static class PlanValidator
{
    /// <summary>
    /// Checks <paramref name="fractions"/> (all of the patient's fractions, kept ones included)
    /// against rules 1-8 in the context of <paramref name="request"/>. Empty means valid.
    /// </summary>
    public static IReadOnlyList<Violation> Validate(PlanRequest request, IReadOnlyList<PlannedFraction> fractions) => throw new NotImplementedException();
}
