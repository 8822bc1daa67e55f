namespace Cimer.Sbrt.Scheduling;

/// <summary>What kind of change a decision is: the audit trail's action names one each.</summary>
public enum PlanChangeKind
{
    Created,
    Edited,
    Replanned,
    Cancelled,
    NeedsAttention,
    Delivered,
    Missed,
    Unconfirmed,
}

/// <summary>What an integrator is told about a change (one webhook event each, in this order).</summary>
public enum PlanEvent
{
    PlanCreated,
    PlanChanged,
    PlanCancelled,
    PlanNeedsAttention,
    FractionDelivered,
    FractionMissed,
}

/// <summary>A fraction that took a slot: from where it was (null for a new one) to where it is.</summary>
public sealed record FractionMove(string FractionId, SlotAt? From, SlotAt To);

/// <summary>
/// One decided change of one plan: the plan before (null for a new one) and at its next version, the
/// moves it reports, the events to send, and, when the solver planned it, the core's plan whose
/// window, milestones, explanation and deviation the stored plan now carries.
/// </summary>
public sealed record PlanDecision(PlanChangeKind Kind, BookedPlan? Before, BookedPlan After, IReadOnlyList<PlanEvent> Events)
{
    /// <summary>The moves the change reports to its caller (re-plans, misses); null when it reports none.</summary>
    public IReadOnlyList<FractionMove>? Changes { get; init; }

    /// <summary>Why: the caller's reason, or the one the rules give (a disruption, reconciliation).</summary>
    public string? Reason { get; init; }

    /// <summary>The solver's plan this version was made from; null when the outline did not change.</summary>
    public Plan? Solved { get; init; }

    /// <summary>What moved between <see cref="Before"/> and <see cref="After"/>: <see cref="Changes"/>, or every booked fraction that is new or on another slot.</summary>
    public IReadOnlyList<FractionMove> Moves => Changes ?? PlanLifecycle.MovesBetween(Before, After);

    /// <summary>
    /// When a re-plan (a miss, a physicist's re-plan, a disruption) ends past the window or needing
    /// attention: the smallest extra sessions (<see cref="Opening"/>) proven to bring the plan back inside
    /// its window, smallest first; empty otherwise. Nothing is opened: a person decides.
    /// </summary>
    public IReadOnlyList<OpeningSuggestion> OpeningSuggestions { get; init; } = [];

    public bool NeedsAttention => After.Status == PlanStatus.NeedsAttention;
}

/// <summary>How a change is refused: a field the caller must correct, a conflict with the plan's state, or broken rules.</summary>
public enum RefusalKind
{
    InvalidField,
    Conflict,
    BreaksRules,
}

/// <summary>Why a change cannot be made; nothing changes.</summary>
public sealed record PlanRefusal(RefusalKind Kind, string Message)
{
    /// <summary>The request field at fault (InvalidField).</summary>
    public string? Field { get; init; }

    /// <summary>A stable code for BreaksRules (e.g. <c>editBreaksRules</c>).</summary>
    public string? Code { get; init; }

    public IReadOnlyList<Violation> Violations { get; init; } = [];
}

/// <summary>A decision, or why there is none: a refusal, or no plan fits (the solver's reasons).</summary>
public sealed record PlanChange
{
    private PlanChange()
    {
    }

    public PlanDecision? Decision { get; private init; }
    public PlanRefusal? Refusal { get; private init; }
    public Infeasibility? Infeasibility { get; private init; }

    public static PlanChange Decided(PlanDecision decision) => new() { Decision = decision };
    public static PlanChange Refused(PlanRefusal refusal) => new() { Refusal = refusal };
    public static PlanChange NoPlan(Infeasibility infeasibility) => new() { Infeasibility = infeasibility };

    public static implicit operator PlanChange(PlanDecision decision) => Decided(decision);
    public static implicit operator PlanChange(PlanRefusal refusal) => Refused(refusal);
}
