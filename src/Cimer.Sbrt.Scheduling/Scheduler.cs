namespace Cimer.Sbrt.Scheduling;

/// <summary>The solver: one patient's best plan on the center's calendar, or why there is none.</summary>
public static class Scheduler
{
    /// <summary>
    /// Plans every fraction not yet kept so that all hard rules hold and the plan is optimal for
    /// window deviation, then span, then visits. Pure: same request, same answer.
    /// </summary>
    public static PlanOutcome Plan(PlanRequest request) => throw new NotImplementedException();
}
