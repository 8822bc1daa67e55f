namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>
/// What a re-plan reports on top of the hard rules (<see cref="PlanOracle"/>): its unforced moves,
/// the fraction ids it carries over from the previous version, and the causes of a protocol deviation.
/// </summary>
public static class ReplanOracle
{
    public static IReadOnlyList<string> Check(PlanRequest request, Plan plan)
    {
        var errors = new List<string>();
        var moves = ReplanSpec.UnforcedMoves(request, plan.Fractions);
        if (plan.UnforcedMoves != moves)
        {
            errors.Add($"R5: UnforcedMoves is {plan.UnforcedMoves}, the fractions move {moves} previous fraction(s) that did not have to");
        }

        CheckIds(request, plan, errors);
        CheckCauses(request, plan, errors);
        return errors;
    }

    public static void AssertValid(PlanRequest request, Plan plan)
    {
        var errors = Check(request, plan);
        if (errors.Count > 0)
        {
            Assert.Fail($"Re-plan reports wrongly:\n  {string.Join("\n  ", errors)}\n{PlanOracle.Describe(request, plan)}");
        }
    }

    /// <summary>
    /// A new fraction in a previous fraction's slot (same lesion, linac and start) keeps its id; the
    /// other new fractions of the lesion take the lesion's remaining previous ids in time order; any
    /// beyond those have none. No id appears twice.
    /// </summary>
    private static void CheckIds(PlanRequest request, Plan plan, List<string> errors)
    {
        foreach (var lesion in request.Patient.Lesions)
        {
            var pool = request.Previous
                .Where(p => p.Origin == FractionOrigin.Planned && p.LesionId == lesion.Id && p.FractionId is not null)
                .OrderBy(p => p.Start.ToInstant())
                .ToList();
            var fresh = plan.Fractions.Where(f => f.LesionId == lesion.Id && f.Origin == FractionOrigin.Planned).OrderBy(f => f.Start.ToInstant()).ToList();
            var expected = new Dictionary<PlannedFraction, string?>();
            foreach (var f in fresh)
            {
                var same = pool.FirstOrDefault(p => p.LinacId == f.LinacId && p.Start.ToInstant() == f.Start.ToInstant());
                if (same is not null)
                {
                    expected[f] = same.FractionId;
                    pool.Remove(same);
                }
            }

            var queue = new Queue<PlannedFraction>(pool);
            foreach (var f in fresh.Where(f => !expected.ContainsKey(f)))
            {
                expected[f] = queue.Count > 0 ? queue.Dequeue().FractionId : null;
            }

            foreach (var f in fresh.Where(f => f.FractionId != expected[f]))
            {
                errors.Add($"ids: {f.LesionId}#{f.Number} at {PlanOracle.Show(request, f.Start.ToInstant())} has id '{f.FractionId ?? "null"}', expected '{expected[f] ?? "null"}'");
            }
        }

        foreach (var twice in plan.Fractions.Where(f => f.FractionId is not null).GroupBy(f => f.FractionId).Where(g => g.Count() > 1))
        {
            errors.Add($"ids: '{twice.Key}' is carried by {twice.Count()} fractions");
        }
    }

    private static void CheckCauses(PlanRequest request, Plan plan, List<string> errors)
    {
        if (plan.ProtocolDeviation is not { } deviation)
        {
            return;
        }

        var (required, allowed) = ReplanSpec.Causes(request);
        foreach (var missing in required.Where(c => !deviation.Causes.Contains(c)))
        {
            errors.Add($"R5: deviation causes lack {missing}");
        }

        foreach (var stray in deviation.Causes.Where(c => !allowed.Contains(c)))
        {
            errors.Add($"R5: deviation cause {stray} is neither a miss nor a closure or downtime that took a previous slot");
        }

        foreach (var p in ReplanSpec.PreviousPlanned(request).Where(p => ReplanSpec.ForcedBy(request, p) == Forced.Down))
        {
            // Several downtimes over one slot: any one of them names the cause.
            var date = Spec.LocalDate(request, p);
            if (allowed.Count(c => c.Kind == "downtime" && c.Date == date) > 1 && !deviation.Causes.Any(c => c.Kind == "downtime" && c.Date == date))
            {
                errors.Add($"R5: deviation causes name no downtime on {date}");
            }
        }
    }
}

/// <summary>Runs a re-plan and holds it to the contract and to <see cref="ReplanBruteForce"/>.</summary>
public static class SolveReplan
{
    /// <summary>
    /// The solver's re-plan key equals the brute force's, "no plan" agrees, the plan passes both
    /// oracles, and the brute force's own plan is valid and scores the key it reports. When the
    /// solver's plan ends inside the allowed window (and passes the oracles), the best plan does too:
    /// the brute force then only needs to search up to the window's end, which keeps five-lesion
    /// re-plans fast; otherwise it searches to D1+19.
    /// </summary>
    public static (Plan? Plan, ReplanBruteForceResult Expected) MatchesBruteForce(PlanRequest request)
    {
        var outcome = Solve.Outcome(request);
        var insideWindow = outcome.IsFeasible && ReplanKey.Of(request, outcome.Plan).DaysPastWindow == 0;
        var searched = insideWindow ? request with { AllowProtocolDeviation = false } : request;
        var expected = ReplanBruteForce.Solve(searched);
        if (expected.Witness is { } witness)
        {
            PlanOracle.AssertValid(searched, witness);
            Assert.Equal(expected.Key, ReplanKey.Of(searched, witness));
        }

        if (!expected.IsFeasible)
        {
            Assert.False(outcome.IsFeasible, outcome.IsFeasible ? $"re-plan brute force finds no plan, solver returned {ReplanKey.Of(request, outcome.Plan)}\n{PlanOracle.Describe(request, outcome.Plan)}" : "");
            return (null, expected);
        }

        Assert.True(outcome.IsFeasible, $"re-plan brute force finds {expected}, solver says {outcome.Infeasibility?.Code}: {outcome.Infeasibility?.Summary}\n{PlanOracle.Describe(request, expected.Witness!)}");
        ReplanOracle.AssertValid(request, outcome.Plan);
        var actual = ReplanKey.Of(request, outcome.Plan);
        Assert.True(expected.Key == actual, $"re-plan brute force {expected}, solver {actual}\nbrute force plan:\n{PlanOracle.Describe(request, expected.Witness!)}\nsolver plan:\n{PlanOracle.Describe(request, outcome.Plan)}");
        return (outcome.Plan, expected);
    }

    /// <summary><see cref="MatchesBruteForce"/> for a re-plan that must exist: the plan and the brute force's key.</summary>
    public static (Plan Plan, ReplanKey Key) Feasible(PlanRequest request)
    {
        var (plan, expected) = MatchesBruteForce(request);
        Assert.True(plan is not null && expected.Key is not null, $"expected a re-plan, the brute force says {expected}");
        return (plan, expected.Key.Value);
    }
}
