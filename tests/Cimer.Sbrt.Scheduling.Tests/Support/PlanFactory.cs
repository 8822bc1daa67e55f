using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>
/// Builds honest <see cref="Plan"/> records around hand-made or brute-force fractions: numbering,
/// window, milestones and summary computed the way the rules define them.
/// </summary>
public static class PlanFactory
{
    public static PlannedFraction Fraction(PlanRequest request, string lesionId, string linacId, Instant start, Instant end, FractionOrigin origin = FractionOrigin.Planned, string? fractionId = null) =>
        new(lesionId, 0, linacId, start.InZone(request.Center.Zone), end.InZone(request.Center.Zone), origin) { FractionId = fractionId };

    /// <summary>A fraction in the grid slot of <paramref name="linac"/> that starts at local <paramref name="start"/>.</summary>
    public static PlannedFraction At(PlanRequest request, Linac linac, string lesionId, LocalDateTime start, FractionOrigin origin = FractionOrigin.Planned)
    {
        var slot = Spec.Slots(linac, start.Date, request.Center.Zone).Single(s => s.LocalStart == start);
        return Fraction(request, lesionId, linac.Id, slot.Start, slot.End, origin);
    }

    public static PlannedFraction FromKept(PlanRequest request, KeptFraction kept) =>
        Fraction(request, kept.LesionId, kept.LinacId, kept.Start, kept.End, Spec.OriginOf(kept.Reason), kept.FractionId);

    /// <summary>Numbers each lesion's fractions 1..n in time order.</summary>
    public static IReadOnlyList<PlannedFraction> Number(IEnumerable<PlannedFraction> fractions) =>
    [
        .. fractions
            .GroupBy(f => f.LesionId)
            .SelectMany(g => g.OrderBy(f => f.Start.ToInstant()).Select((f, i) => f with { Number = i + 1 }))
            .OrderBy(f => f.Start.ToInstant()),
    ];

    public static Plan Build(PlanRequest request, IEnumerable<PlannedFraction> fractions, bool widened = false)
    {
        var numbered = Number(fractions);
        var dayOne = request.Patient.DayOne;
        var key = PlanKey.Of(request, numbered);
        var dates = numbered.Select(f => Spec.LocalDate(request, f)).ToList();
        var before = dates.Count == 0 ? 0 : Math.Max(0, Spec.DaysBetween(dates.Min(), dayOne));
        var after = dates.Count == 0 ? 0 : Math.Max(0, Spec.DaysBetween(Spec.W0End(dayOne), dates.Max()));
        IReadOnlyList<Closure> closures = widened
            ? [.. Spec.ClosureDatesInW0(request).Select(d => request.Center.ClosureOn(d) ?? new Closure(d, "linac down all day"))]
            : [];
        var window = widened
            ? new PlanWindow(Spec.WideStart(dayOne), Spec.WideEnd(dayOne), before, after, closures)
            : new PlanWindow(Spec.W0Start(dayOne), Spec.W0End(dayOne), before, after, closures);
        var milestones = new List<Milestone>();
        if (dates.Count > 0)
        {
            var first = dates.Min();
            var simulation = Spec.Days(dayOne.PlusDays(-7), dayOne.PlusDays(-1)).FirstOrDefault(d => d < first && request.Center.IsOpen(d));
            if (simulation != default)
            {
                milestones.Add(new Milestone(MilestoneKind.Simulation, simulation));
            }
        }

        milestones.Add(new Milestone(MilestoneKind.LetrozoleStart, dayOne));
        milestones.Add(new Milestone(MilestoneKind.PalbociclibStart, Spec.Palbociclib(dayOne)));
        var summary = new PlanSummary(key.SpanDays, key.Visits, Spec.FractionDoseGy * numbered.Count);
        return new Plan(dayOne, window, numbered, milestones, summary, ["built by the test suite"]);
    }
}
