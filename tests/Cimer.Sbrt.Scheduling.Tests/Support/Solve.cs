namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>
/// Runs the solver and holds every outcome to the contract: a plan passes <see cref="PlanOracle"/>
/// and the production validator; "no plan" carries a stable code, violations and a summary.
/// </summary>
public static class Solve
{
    private static readonly HashSet<string> Codes =
    [
        InfeasibilityCodes.WindowTooShort, InfeasibilityCodes.DailyCapTooLow, InfeasibilityCodes.LinacsUnavailable,
        InfeasibilityCodes.NoSimulationDay, InfeasibilityCodes.KeptFractionsConflict, InfeasibilityCodes.NoLinac,
        InfeasibilityCodes.NeedsOtherMachine, InfeasibilityCodes.PatientUnavailable,
    ];

    private static readonly HashSet<string> RuleNames =
    [
        Rules.Prescription, Rules.Gap48h, Rules.Window, Rules.OpenTime, Rules.Capacity, Rules.OneVisitPerDay,
        Rules.DailyCap, Rules.KeptFractions, Rules.Milestones, Rules.NotInPast, Rules.BeamGroup, Rules.PatientAvailability,
    ];

    /// <summary>Solves and checks whatever comes back.</summary>
    public static PlanOutcome Outcome(PlanRequest request)
    {
        var outcome = Scheduler.Plan(request);
        if (outcome.IsFeasible)
        {
            PlanOracle.AssertValid(request, outcome.Plan);
            var report = PlanOracle.CheckWindowReport(request, outcome.Plan);
            Assert.True(report.Count == 0, $"Plan reports its window wrongly:\n  {string.Join("\n  ", report)}\n{PlanOracle.Describe(request, outcome.Plan)}");
            var violations = PlanValidator.Validate(request, outcome.Plan.Fractions);
            Assert.True(violations.Count == 0, $"PlanValidator rejects the solver's plan: {string.Join("; ", violations.Select(v => $"{v.Rule}: {v.Message}"))}\n{PlanOracle.Describe(request, outcome.Plan)}");
        }
        else
        {
            AssertWellFormed(request, outcome.Infeasibility);
        }

        return outcome;
    }

    /// <summary>Solves, requires a plan and checks it.</summary>
    public static Plan Feasible(PlanRequest request)
    {
        var outcome = Outcome(request);
        Assert.True(outcome.IsFeasible, $"Expected a plan, got {outcome.Infeasibility?.Code}: {outcome.Infeasibility?.Summary}");
        return outcome.Plan;
    }

    /// <summary>Solves, requires "no plan" and checks its explanation.</summary>
    public static Infeasibility Infeasible(PlanRequest request)
    {
        var outcome = Outcome(request);
        Assert.False(outcome.IsFeasible, outcome.IsFeasible ? $"Expected no plan, got one with {PlanKey.Of(request, outcome.Plan)}\n{PlanOracle.Describe(request, outcome.Plan)}" : "");
        return outcome.Infeasibility;
    }

    public static void AssertWellFormed(PlanRequest request, Infeasibility infeasibility)
    {
        Assert.Contains(infeasibility.Code, Codes);
        Assert.False(string.IsNullOrWhiteSpace(infeasibility.Summary), "an infeasibility needs a summary a scheduler can read");
        Assert.NotEmpty(infeasibility.Violations);
        Assert.All(infeasibility.Violations, v =>
        {
            Assert.Contains(v.Rule, RuleNames);
            Assert.False(string.IsNullOrWhiteSpace(v.Message));
        });
        Assert.All(infeasibility.Suggestions, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Message));
            switch (s.Kind)
            {
                case "dayOne":
                    Assert.NotNull(s.DayOne);
                    Assert.NotEqual(request.Patient.DayOne, s.DayOne);
                    break;
                case "maxFractionsPerDay":
                    Assert.NotNull(s.MaxFractionsPerDay);
                    Assert.InRange(s.MaxFractionsPerDay.Value, request.MaxFractionsPerDay + 1, PlanRequest.MaxDailyCap);
                    break;
                default:
                    Assert.Equal("linac", s.Kind);
                    break;
            }
        });
    }

    /// <summary>Every concrete suggestion must actually make the request feasible.</summary>
    public static void AssertSuggestionsWork(PlanRequest request, Infeasibility infeasibility)
    {
        foreach (var suggestion in infeasibility.Suggestions)
        {
            PlanRequest? changed = suggestion switch
            {
                { Kind: "dayOne", DayOne: { } dayOne } => request with { Patient = request.Patient with { DayOne = dayOne } },
                { Kind: "maxFractionsPerDay", MaxFractionsPerDay: { } cap } => request with { MaxFractionsPerDay = cap },
                _ => null,
            };
            if (changed is not null)
            {
                var outcome = Outcome(changed);
                Assert.True(outcome.IsFeasible, $"suggestion '{suggestion.Message}' ({suggestion.Kind}) does not give a plan: {outcome.Infeasibility?.Code}");
            }
        }
    }

    /// <summary>The solver's key equals the brute force's, "no plan" agrees, and the window widens exactly when the brute force's does.</summary>
    public static void MatchesBruteForce(PlanRequest request)
    {
        var expected = BruteForce.Solve(request);
        var outcome = Outcome(request);
        if (!expected.IsFeasible)
        {
            Assert.False(outcome.IsFeasible, outcome.IsFeasible ? $"brute force finds no plan, solver returned {PlanKey.Of(request, outcome.Plan)}\n{PlanOracle.Describe(request, outcome.Plan)}" : "");
            return;
        }

        Assert.True(outcome.IsFeasible, $"brute force finds {expected}, solver says {outcome.Infeasibility?.Code}: {outcome.Infeasibility?.Summary}\n{PlanOracle.Describe(request, expected.Witness!)}");
        var actual = PlanKey.Of(request, outcome.Plan);
        Assert.True(expected.Key == actual, $"brute force {expected}, solver {actual}\nbrute force plan:\n{PlanOracle.Describe(request, expected.Witness!)}\nsolver plan:\n{PlanOracle.Describe(request, outcome.Plan)}");
        var dayOne = request.Patient.DayOne;
        var widened = outcome.Plan.Window.Start != Spec.W0Start(dayOne) || outcome.Plan.Window.End != Spec.W0End(dayOne);
        Assert.True(expected.Widened == widened, $"window widened: brute force {expected.Widened}, solver {widened} ({outcome.Plan.Window.Start}..{outcome.Plan.Window.End})");
    }
}
