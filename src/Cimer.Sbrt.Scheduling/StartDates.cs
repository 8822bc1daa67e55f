using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>What the best plan would be for one candidate day 1, or why there is none.</summary>
public sealed record StartDateOption(LocalDate DayOne, bool Feasible)
{
    public int? DeviationDays { get; init; }
    public int? SpanDays { get; init; }
    public int? Visits { get; init; }
    public ZonedDateTime? FirstFraction { get; init; }
    public ZonedDateTime? LastFraction { get; init; }

    /// <summary>The infeasibility code when there is no plan.</summary>
    public string? Code { get; init; }
    public string? Reason { get; init; }
}

/// <summary>"When can this patient start?": the solver run for each candidate day 1, booking nothing.</summary>
public static class StartDates
{
    /// <summary>Longest range of candidate days the finder takes, inclusive of both ends minus one (the contract's 62 days).</summary>
    public const int MaxRangeDays = 62;

    /// <summary>
    /// One option per date from <paramref name="from"/> to <paramref name="to"/> inclusive, for a
    /// patient like <paramref name="template"/> (its day 1 is replaced; kept fractions must be none).
    /// </summary>
    /// <exception cref="ArgumentException">The range is reversed or longer than <see cref="MaxRangeDays"/> days, or the template keeps fractions.</exception>
    public static IReadOnlyList<StartDateOption> Find(PlanRequest template, LocalDate from, LocalDate to) =>
        Find(template, from, to, new SlotGridCache());

    /// <summary><see cref="Find(PlanRequest, LocalDate, LocalDate)"/> with slot grids from <paramref name="grids"/>: the range's day 1s share most dates.</summary>
    /// <exception cref="ArgumentException">The range is reversed or longer than <see cref="MaxRangeDays"/> days, or the template keeps fractions.</exception>
    public static IReadOnlyList<StartDateOption> Find(PlanRequest template, LocalDate from, LocalDate to, SlotGridCache grids)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(grids);
        if (to < from || Period.DaysBetween(from, to) > MaxRangeDays)
        {
            throw new ArgumentException($"The range must run forwards and span at most {MaxRangeDays} days.", nameof(to));
        }

        if (template.Kept.Count > 0 || template.Previous.Count > 0)
        {
            throw new ArgumentException("Start dates are for patients with nothing delivered or pinned.", nameof(template));
        }

        var result = new List<StartDateOption>();
        for (var d1 = from; d1 <= to; d1 = d1.PlusDays(1))
        {
            var request = template with { Patient = template.Patient with { DayOne = d1 } };
            RequestChecks.ThrowIfInvalid(request);
            result.Add(Option(request, grids));
        }

        return result;
    }

    private static StartDateOption Option(PlanRequest request, SlotGridCache grids)
    {
        var d1 = request.Patient.DayOne;
        if (request.Patient.Arm == 1)
        {
            return new StartDateOption(d1, true) { DeviationDays = 0, SpanDays = 0, Visits = 0 };
        }

        if (Scheduler.Solve(request, grids) is not { } solution)
        {
            var (code, reason) = Diagnosis.Classify(request, grids);
            return new StartDateOption(d1, false) { Code = code, Reason = reason };
        }

        var plan = PlanBuilder.Build(solution);
        return new StartDateOption(d1, true)
        {
            DeviationDays = plan.Window.DeviationDays,
            SpanDays = plan.Summary.SpanDays,
            Visits = plan.Summary.Visits,
            FirstFraction = plan.Fractions[0].Start,
            LastFraction = plan.Fractions[^1].Start,
        };
    }
}
