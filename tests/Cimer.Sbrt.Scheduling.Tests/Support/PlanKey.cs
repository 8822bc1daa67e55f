namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>What "best" compares, lexicographically: window-deviation days, then span, then visits.</summary>
public readonly record struct PlanKey(int DeviationDays, int SpanDays, int Visits) : IComparable<PlanKey>
{
    public int CompareTo(PlanKey other)
    {
        var c = DeviationDays.CompareTo(other.DeviationDays);
        if (c != 0)
        {
            return c;
        }

        c = SpanDays.CompareTo(other.SpanDays);
        return c != 0 ? c : Visits.CompareTo(other.Visits);
    }

    public static bool operator <(PlanKey left, PlanKey right) => left.CompareTo(right) < 0;
    public static bool operator >(PlanKey left, PlanKey right) => left.CompareTo(right) > 0;
    public static bool operator <=(PlanKey left, PlanKey right) => left.CompareTo(right) <= 0;
    public static bool operator >=(PlanKey left, PlanKey right) => left.CompareTo(right) >= 0;

    /// <summary>The key of a set of fractions, computed from their local dates (not from the plan's summary).</summary>
    public static PlanKey Of(PlanRequest request, IReadOnlyList<PlannedFraction> fractions)
    {
        if (fractions.Count == 0)
        {
            return new PlanKey(0, 0, 0);
        }

        var dates = fractions.Select(f => Spec.LocalDate(request, f)).ToList();
        var first = dates.Min();
        var last = dates.Max();
        var dayOne = request.Patient.DayOne;
        var before = Math.Max(0, Spec.DaysBetween(first, dayOne));
        var after = Math.Max(0, Spec.DaysBetween(Spec.W0End(dayOne), last));
        return new PlanKey(before + after, Spec.DaysBetween(first, last) + 1, dates.Distinct().Count());
    }

    public static PlanKey Of(PlanRequest request, Plan plan) => Of(request, plan.Fractions);

    public override string ToString() => $"(deviation {DeviationDays}, span {SpanDays}, visits {Visits})";
}
