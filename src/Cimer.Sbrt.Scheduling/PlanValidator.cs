using NodaTime;
using NodaTime.Text;

namespace Cimer.Sbrt.Scheduling;

/// <summary>Lists every hard-rule violation of a proposed plan (e.g. one a physicist edited).</summary>
public static class PlanValidator
{
    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;

    /// <summary>
    /// Checks <paramref name="fractions"/> (all of the patient's fractions, kept ones included)
    /// against rules 1-8 in the context of <paramref name="request"/>. Empty means valid.
    /// Delivered fractions are facts: they are not checked against calendars or bookings, and a
    /// date on which every fraction was delivered is not checked as a visit.
    /// A planned fraction at or before <see cref="PlanRequest.NotBefore"/> is a violation only
    /// when it is not where <see cref="PlanRequest.Previous"/> already had it.
    /// </summary>
    public static IReadOnlyList<Violation> Validate(PlanRequest request, IReadOnlyList<PlannedFraction> fractions)
    {
        RequestChecks.ThrowIfInvalid(request);
        ArgumentNullException.ThrowIfNull(fractions);
        var violations = new List<Violation>();
        Prescription(request, fractions, violations);
        Gaps(fractions, violations);
        Window(request, fractions, violations);
        OpenTimeAndCapacity(request, fractions, violations);
        Visits(request, fractions, violations);
        Kept(request, fractions, violations);
        Milestones(request, fractions, violations);
        BeamGroup(request, fractions, violations);
        return violations;
    }

    /// <summary>
    /// Beam-matched groups, when some linac names one: each lesion on linacs of one group; a first plan
    /// (nothing kept, previous or missed) wholly in one group, and in <see cref="PlanRequest.BeamGroup"/> when asked.
    /// </summary>
    private static void BeamGroup(PlanRequest request, IReadOnlyList<PlannedFraction> fractions, List<Violation> violations)
    {
        if (!BeamGroups.InUse(request))
        {
            return;
        }

        foreach (var lesion in fractions.GroupBy(f => f.LesionId, StringComparer.Ordinal))
        {
            var groups = lesion.Select(f => BeamGroups.GroupOf(request, f.LinacId)).Distinct(StringComparer.Ordinal).ToList();
            if (groups.Count > 1)
            {
                violations.Add(At(Rules.BeamGroup, $"Lesion {lesion.Key} is on linacs of beam groups {string.Join(" and ", groups)}; its dose plan is for one machine model, so all its fractions stay in one group.", lesion.Last()));
            }
        }

        var firstPlan = request.Kept.Count == 0 && request.Previous.Count == 0 && request.Missed.Count == 0;
        var all = fractions.Select(f => BeamGroups.GroupOf(request, f.LinacId)).Distinct(StringComparer.Ordinal).ToList();
        if (firstPlan && all.Count > 1)
        {
            violations.Add(new Violation(Rules.BeamGroup, $"A first plan puts every lesion in one beam group; this one uses {string.Join(" and ", all)}."));
        }

        if (request.BeamGroup is { } asked)
        {
            foreach (var f in fractions.Where(f => f.Origin == FractionOrigin.Planned && BeamGroups.GroupOf(request, f.LinacId) != asked))
            {
                violations.Add(At(Rules.BeamGroup, $"{f.LinacId} is not in the asked beam group {asked}.", f));
            }
        }
    }

    private static Violation At(string rule, string message, PlannedFraction f) =>
        new(rule, message) { Date = f.Start.Date, FractionId = f.FractionId, LesionId = f.LesionId };

    private static void Prescription(PlanRequest request, IReadOnlyList<PlannedFraction> fractions, List<Violation> violations)
    {
        var lesions = request.Patient.Arm == 2 ? request.Patient.Lesions : [];
        foreach (var lesion in lesions)
        {
            var count = fractions.Count(f => f.LesionId == lesion.Id);
            if (count != RequestChecks.FractionsPerLesion)
            {
                violations.Add(new Violation(Rules.Prescription, $"Lesion {lesion.Label} has {count} fractions; it needs exactly 5 x 10 Gy = 50 Gy.") { LesionId = lesion.Id });
            }
        }

        foreach (var f in fractions)
        {
            if (!lesions.Any(l => l.Id == f.LesionId))
            {
                violations.Add(At(Rules.Prescription, $"Fraction of unknown lesion '{f.LesionId}'.", f));
            }
            else if (Math.Abs(f.DoseGy - PlannedFraction.FractionDoseGy) > 1e-9)
            {
                violations.Add(At(Rules.Prescription, $"Fraction dose is {f.DoseGy} Gy; every fraction is 10 Gy.", f));
            }
        }
    }

    private static void Gaps(IReadOnlyList<PlannedFraction> fractions, List<Violation> violations)
    {
        foreach (var lesion in fractions.GroupBy(f => f.LesionId, StringComparer.Ordinal))
        {
            var ordered = lesion.OrderBy(f => f.Start.ToInstant()).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var (a, b) = (ordered[i - 1], ordered[i]);
                var gap = b.Start.ToInstant() - a.Start.ToInstant();
                if (gap < Duration.FromHours(48))
                {
                    violations.Add(At(Rules.Gap48h, $"Fraction on {b.Start.LocalDateTime:uuuu-MM-dd HH:mm} is {gap.TotalHours:0.##} h after the one before of the same lesion; at least 48 h of elapsed time are required.", b));
                }
            }
        }
    }

    private static void Window(PlanRequest request, IReadOnlyList<PlannedFraction> fractions, List<Violation> violations)
    {
        var d1 = request.Patient.DayOne;
        var (w0Start, w0End) = Windows.Nominal(d1);
        var (start, end) = (w0Start, w0End);
        var outside = fractions.Where(f => f.Origin != FractionOrigin.Delivered && (f.Start.Date < w0Start || f.Start.Date > w0End)).ToList();
        if (outside.Count > 0 && Windows.ClosuresIn(request, w0Start, w0End, new SlotGridCache()).Count > 0 && !FitsNominalWindow(request))
        {
            (start, end) = (d1.PlusDays(-Windows.Tolerance), w0End.PlusDays(Windows.Tolerance));
        }

        if (request.AllowProtocolDeviation)
        {
            end = d1.PlusDays(Windows.LastFractionDay);
        }

        foreach (var f in outside.Where(f => f.Start.Date < start || f.Start.Date > end))
        {
            violations.Add(At(Rules.Window, $"{Date.Format(f.Start.Date)} is outside the allowed window {Date.Format(start)} to {Date.Format(end)}.", f));
        }
    }

    /// <summary>Rule 3: the tolerance applies only when no plan fits W0 in this very context.</summary>
    private static bool FitsNominalWindow(PlanRequest request) =>
        Scheduler.Solve(request with { AllowProtocolDeviation = false }) is { Window.Deviation: 0 };

    private static void OpenTimeAndCapacity(PlanRequest request, IReadOnlyList<PlannedFraction> fractions, List<Violation> violations)
    {
        var zone = request.Center.Zone;
        var linacs = request.Linacs.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var previous = request.Previous.Select(p => (p.LinacId, p.Start.ToInstant())).ToHashSet();
        foreach (var f in fractions.Where(f => f.Origin != FractionOrigin.Delivered))
        {
            var date = f.Start.Date;
            if (!linacs.TryGetValue(f.LinacId, out var linac))
            {
                violations.Add(At(Rules.OpenTime, $"Unknown linac '{f.LinacId}'.", f));
                continue;
            }

            // On a closed day only the linac's openings have slots.
            var open = request.Center.IsOpen(date);
            var inOpening = !open && SlotGrid.OpeningsOn(linac, date, zone).Any(s => s.Start.ToInstant() == f.Start.ToInstant());
            if (!open && !inOpening)
            {
                var why = request.Center.ClosureOn(date)?.Reason ?? $"the center does not open on {date.DayOfWeek}s";
                violations.Add(At(Rules.OpenTime, $"{Date.Format(date)} is not an open day: {why}.", f));
            }

            if (Availability.Breach(request.Patient, f.Start.LocalDateTime, f.End.LocalDateTime) is { } away)
            {
                violations.Add(At(Rules.PatientAvailability, $"{f.Start.LocalDateTime:uuuu-MM-dd HH:mm}: {away}.", f));
            }

            var slot = (open ? SlotGrid.On(linac, date, zone) : SlotGrid.OpeningsOn(linac, date, zone)).FirstOrDefault(s => s.Start.ToInstant() == f.Start.ToInstant());
            slot ??= open ? null : SlotGrid.On(linac, date, zone).FirstOrDefault(s => s.Start.ToInstant() == f.Start.ToInstant());
            if (slot is null || slot.End.ToInstant() != f.End.ToInstant())
            {
                violations.Add(At(Rules.OpenTime, $"{f.Start.LocalDateTime:uuuu-MM-dd HH:mm} is not a slot of {linac.Name} (open {PlanBuilder.FormatTime(linac.OpensAt)}-{PlanBuilder.FormatTime(linac.ClosesAt)}, {linac.SlotMinutes}-minute slots).", f));
            }
            else if (SlotGrid.IsDown(linac, slot))
            {
                violations.Add(At(Rules.OpenTime, $"{linac.Name} is down at {f.Start.LocalDateTime:uuuu-MM-dd HH:mm}.", f));
            }

            if (request.Bookings.Any(b => b.LinacId == f.LinacId && b.Start < f.End.ToInstant() && f.Start.ToInstant() < b.End))
            {
                violations.Add(At(Rules.Capacity, $"{linac.Name} at {f.Start.LocalDateTime:uuuu-MM-dd HH:mm} is booked by another patient.", f));
            }

            if (f.Origin == FractionOrigin.Planned && request.NotBefore is { } now && f.Start.ToInstant() <= now && !previous.Contains((f.LinacId, f.Start.ToInstant())))
            {
                violations.Add(At(Rules.NotInPast, $"{f.Start.LocalDateTime:uuuu-MM-dd HH:mm} is in the past.", f));
            }
        }

        foreach (var clash in fractions.GroupBy(f => (f.LinacId, f.Start.ToInstant())).Where(g => g.Count() > 1))
        {
            violations.Add(At(Rules.Capacity, $"{clash.Count()} fractions share the slot {clash.First().Start.LocalDateTime:uuuu-MM-dd HH:mm} on {clash.Key.LinacId}.", clash.First()));
        }
    }

    private static void Visits(PlanRequest request, IReadOnlyList<PlannedFraction> fractions, List<Violation> violations)
    {
        // A date on which everything was delivered is history (a fraction missed mid-visit leaves a hole).
        foreach (var day in fractions.GroupBy(f => f.Start.Date).Where(d => d.Any(f => f.Origin != FractionOrigin.Delivered)))
        {
            var visit = day.OrderBy(f => f.Start.ToInstant()).ToList();
            if (visit.Count > request.MaxFractionsPerDay)
            {
                violations.Add(At(Rules.DailyCap, $"{visit.Count} fractions on {Date.Format(day.Key)}; the daily cap is {request.MaxFractionsPerDay}.", visit[^1]));
            }

            foreach (var twice in visit.GroupBy(f => f.LesionId).Where(g => g.Count() > 1))
            {
                violations.Add(At(Rules.OneVisitPerDay, $"Lesion {twice.Key} is treated {twice.Count()} times on {Date.Format(day.Key)}.", twice.Last()));
            }

            if (visit.Select(f => f.LinacId).Distinct().Count() > 1)
            {
                violations.Add(At(Rules.OneVisitPerDay, $"Fractions on {Date.Format(day.Key)} are on different linacs; one visit is one linac.", visit[^1]));
                continue;
            }

            for (var i = 1; i < visit.Count; i++)
            {
                if (visit[i].Start.ToInstant() != visit[i - 1].End.ToInstant())
                {
                    violations.Add(At(Rules.OneVisitPerDay, $"Fractions on {Date.Format(day.Key)} are not in consecutive slots.", visit[i]));
                }
            }
        }
    }

    private static void Kept(PlanRequest request, IReadOnlyList<PlannedFraction> fractions, List<Violation> violations)
    {
        foreach (var k in request.Kept)
        {
            var present = fractions.Any(f => f.LesionId == k.LesionId && f.LinacId == k.LinacId
                && f.Start.ToInstant() == k.Start && (k.FractionId is null || f.FractionId == k.FractionId));
            if (!present)
            {
                violations.Add(new Violation(Rules.KeptFractions, $"The {k.Reason.ToString().ToLowerInvariant()} fraction at {k.Start.InZone(request.Center.Zone).LocalDateTime:uuuu-MM-dd HH:mm} must stay where it is.")
                {
                    Date = k.Start.InZone(request.Center.Zone).Date,
                    FractionId = k.FractionId,
                    LesionId = k.LesionId,
                });
            }
        }
    }

    private static void Milestones(PlanRequest request, IReadOnlyList<PlannedFraction> fractions, List<Violation> violations)
    {
        var d1 = request.Patient.DayOne;
        var palbociclib = d1.PlusDays(Scheduling.Milestones.PalbociclibDay - 1);
        foreach (var f in fractions.Where(f => f.Start.Date >= palbociclib))
        {
            violations.Add(At(Rules.Milestones, $"Palbociclib starts {Date.Format(palbociclib)} (day 21); every fraction must come before it.", f));
        }

        if (fractions.Count > 0 && request.Kept.All(k => k.Reason != KeptReason.Delivered))
        {
            var simulation = Scheduling.Milestones.SimulationDay(request);
            var first = fractions.Min(f => f.Start.Date);
            if (simulation is null || simulation >= first)
            {
                violations.Add(new Violation(Rules.Milestones, "CT simulation needs an open day in the week before day 1, before the first fraction.") { Date = first });
            }
        }
    }
}
