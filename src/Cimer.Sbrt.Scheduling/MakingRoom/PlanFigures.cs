namespace Cimer.Sbrt.Scheduling;

/// <summary>What "best" compares, lexicographically: days past the window, window deviation, span, visits.</summary>
internal readonly record struct PlanFigures(int PastWindow, int Deviation, int Span, int Visits) : IComparable<PlanFigures>
{
    public static PlanFigures Of(Plan plan) =>
        new(plan.ProtocolDeviation?.DaysPastWindow ?? 0, plan.Window.DeviationDays, plan.Summary.SpanDays, plan.Summary.Visits);

    public int CompareTo(PlanFigures other) =>
        (PastWindow, Deviation, Span, Visits).CompareTo((other.PastWindow, other.Deviation, other.Span, other.Visits));

    public override string ToString() => $"(past window {PastWindow}, deviation {Deviation}, span {Span}, visits {Visits})";
}
