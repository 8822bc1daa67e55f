using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Something new that takes slots from a booked plan (a downtime or closure, a date the patient cannot
/// come), and the one policy for a plan it hits, R1-R5: a covered fraction that is a fact is never moved
/// (R1: the plan needs attention); else what remains is re-planned around it, past the window if it must
/// (R2-R5); when no re-plan fits by D1+19, the plan needs attention and the fractions it covers give their
/// slots up (displaced). The causes differ only in which fractions they cover and in words.
/// </summary>
/// <param name="Named">How reasons name it: "the new TrueBeam 1 down ...", "the absence on ...".</param>
/// <param name="Covers">Whether a fraction of the plan loses its slot to it.</param>
/// <param name="Fact">R1: why a covered fraction is a fact no re-plan moves (the plan needs attention), or null when the solver may plan it.</param>
/// <param name="KeptInTheWay">The attention reason, before the solver's, when a fraction the solver must not move is in the way.</param>
internal sealed record SlotLoss(string Named, Func<BookedFraction, bool> Covers, Func<BookedFraction, string?> Fact, string KeptInTheWay)
{
    /// <summary>A lesion that cannot stay in its beam group is said as such (a dose plan for another machine), not as lost slots.</summary>
    public bool SaysOtherMachine { get; init; }

    /// <summary>The plan's next version once this has taken its slots.</summary>
    /// <param name="plan">The plan as read.</param>
    /// <param name="around">What the solver plans it around, this loss included.</param>
    /// <param name="reason">Why, for the plan's history when it is re-planned (an attention flag gives its own reason).</param>
    /// <param name="now">Re-plans use only slots after it (R2).</param>
    /// <param name="grids">Slot grids.</param>
    /// <param name="newId">Ids for fractions a re-plan adds.</param>
    /// <param name="suggestOpenings">Whether a re-plan past its window or needing attention carries the openings that would fix it.</param>
    public PlanDecision Replan(BookedPlan plan, PlanRequest around, string reason, Instant now, SlotGridCache grids, Func<string> newId, bool suggestOpenings)
    {
        var covered = plan.Booked.Where(Covers).OrderBy(f => f.Start).ToList();
        if (covered.Select(Fact).FirstOrDefault(fact => fact is not null) is { } fact)
        {
            return PlanLifecycle.NeedsAttention(plan, fact, []);
        }

        var (outcome, kept, request) = RemainderReplanning.Solve(plan, around, now, grids);
        IReadOnlyList<OpeningSuggestion> Suggestions(Plan? solved) => suggestOpenings ? RemainderReplanning.Suggestions(request, solved, grids) : [];
        if (outcome.IsFeasible)
        {
            return PlanLifecycle.Replanned(plan, outcome.Plan, kept, reason, newId) with { OpeningSuggestions = Suggestions(outcome.Plan) };
        }

        var infeasibility = outcome.Infeasibility;
        PlanDecision Attention(string why, IReadOnlyCollection<string> displaced) =>
            PlanLifecycle.NeedsAttention(plan, why, displaced) with { OpeningSuggestions = Suggestions(null) };
        if (infeasibility.Code == InfeasibilityCodes.KeptFractionsConflict)
        {
            return Attention($"{KeptInTheWay} {PlanLifecycle.Describe(infeasibility)}", []);
        }

        var displaced = covered.Where(f => !kept.Contains(f.Id)).Select(f => f.Id).ToList();
        var lost = $"{displaced.Count} {Words.Plural(displaced.Count, "fraction", "fractions")} lost {Words.Plural(displaced.Count, "its slot", "their slots")}";
        if (SaysOtherMachine && infeasibility.Code == InfeasibilityCodes.NeedsOtherMachine)
        {
            // Never a silent switch: the lesion's dose plan is for its group's machine model, so only a
            // person (with a new dose plan) may move it to another group.
            var lesions = string.Join(", ", around.Patient.Lesions
                .Where(l => infeasibility.Violations.Any(v => v.LesionId == l.Id))
                .Select(l => $"lesion {l.Label}"));
            return Attention(
                $"Dose plan for another machine needed: {(lesions.Length > 0 ? lesions : "every lesion")} cannot stay in its beam group after {Named}; {lost}, and the solver never moves a lesion to another group on its own. {PlanLifecycle.Describe(infeasibility)}",
                displaced);
        }

        var latest = plan.DayOne.PlusDays(Windows.LastFractionDay);
        return Attention(
            $"{lost} to {Named} and no re-plan fits (none may end after day {Windows.LastFractionDay + 1}, {Words.Date(latest)}). {PlanLifecycle.Describe(infeasibility)}",
            displaced);
    }
}
