namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>
/// What "best" compares for a re-plan, lexicographically (scheduling-rules.md, R5): days past the
/// allowed window, window-deviation days, unforced moves, span, visits.
/// </summary>
public readonly record struct ReplanKey(int DaysPastWindow, int DeviationDays, int UnforcedMoves, int SpanDays, int Visits) : IComparable<ReplanKey>
{
    public int CompareTo(ReplanKey other)
    {
        var c = DaysPastWindow.CompareTo(other.DaysPastWindow);
        c = c != 0 ? c : DeviationDays.CompareTo(other.DeviationDays);
        c = c != 0 ? c : UnforcedMoves.CompareTo(other.UnforcedMoves);
        c = c != 0 ? c : SpanDays.CompareTo(other.SpanDays);
        return c != 0 ? c : Visits.CompareTo(other.Visits);
    }

    public static bool operator <(ReplanKey left, ReplanKey right) => left.CompareTo(right) < 0;
    public static bool operator >(ReplanKey left, ReplanKey right) => left.CompareTo(right) > 0;
    public static bool operator <=(ReplanKey left, ReplanKey right) => left.CompareTo(right) <= 0;
    public static bool operator >=(ReplanKey left, ReplanKey right) => left.CompareTo(right) >= 0;

    /// <summary>The key of a set of fractions, from their local dates and the request alone (not from the plan's own figures).</summary>
    public static ReplanKey Of(PlanRequest request, IReadOnlyList<PlannedFraction> fractions)
    {
        var key = PlanKey.Of(request, fractions);
        var last = fractions.Count == 0 ? request.Patient.DayOne : fractions.Max(f => Spec.LocalDate(request, f));
        var past = Math.Max(0, Spec.DaysBetween(ReplanSpec.AllowedEnd(request), last));
        return new ReplanKey(past, key.DeviationDays, ReplanSpec.UnforcedMoves(request, fractions), key.SpanDays, key.Visits);
    }

    public static ReplanKey Of(PlanRequest request, Plan plan) => Of(request, plan.Fractions);

    public override string ToString() =>
        $"(past {DaysPastWindow}, deviation {DeviationDays}, unforced moves {UnforcedMoves}, span {SpanDays}, visits {Visits})";
}
