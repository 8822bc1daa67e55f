using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>
/// The one invariant oracle for plans: every hard rule of scheduling-rules.md checked from the
/// request alone. Deliberately independent of <see cref="PlanValidator"/> and <see cref="Scheduler"/>
/// (and of <see cref="SlotGrid"/>: it uses <see cref="Spec.Slots"/>), so a bug shared by the solver
/// and the production validator still shows here.
/// </summary>
public static class PlanOracle
{
    /// <summary>Every hard-rule breach of <paramref name="plan"/> for <paramref name="request"/>; empty means valid.</summary>
    public static IReadOnlyList<string> Check(PlanRequest request, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        var errors = new List<string>();
        if (plan.DayOne != request.Patient.DayOne)
        {
            errors.Add($"plan day one {plan.DayOne} is not the patient's {request.Patient.DayOne}");
        }

        if (request.Patient.Arm == 1)
        {
            CheckArmOne(request, plan, errors);
            return errors;
        }

        CheckPrescription(request, plan, errors);
        CheckGaps(request, plan, errors);
        CheckOpenTime(request, plan, errors);
        CheckCapacity(request, plan, errors);
        CheckNotBefore(request, plan, errors);
        CheckVisits(request, plan, errors);
        CheckKept(request, plan, errors);
        CheckWindow(request, plan, errors);
        CheckMilestones(request, plan, errors);
        CheckSummary(request, plan, errors);
        return errors;
    }

    /// <summary>Fails with every breach listed.</summary>
    public static void AssertValid(PlanRequest request, Plan plan)
    {
        var errors = Check(request, plan);
        if (errors.Count > 0)
        {
            Assert.Fail($"Plan breaks hard rules:\n  {string.Join("\n  ", errors)}\n{Describe(request, plan)}");
        }
    }

    public static string Describe(PlanRequest request, Plan plan)
    {
        var lines = plan.Fractions
            .OrderBy(f => f.Start.ToInstant())
            .Select(f => $"    {f.LesionId}#{f.Number} {f.LinacId} {Show(request, f.Start.ToInstant())}..{Show(request, f.End.ToInstant())} {f.Origin}");
        return $"  window {plan.Window.Start}..{plan.Window.End} (before {plan.Window.DaysBefore}, after {plan.Window.DaysAfter}); summary {plan.Summary}\n{string.Join("\n", lines)}";
    }

    public static string Show(PlanRequest request, Instant instant)
    {
        var zoned = instant.InZone(request.Center.Zone);
        return $"{zoned.LocalDateTime:uuuu-MM-dd ddd HH:mm} ({zoned.Offset})";
    }

    private static void CheckArmOne(PlanRequest request, Plan plan, List<string> errors)
    {
        var dayOne = request.Patient.DayOne;
        if (plan.Fractions.Count != 0)
        {
            errors.Add($"rule 8: arm 1 has no fractions, plan has {plan.Fractions.Count}");
        }

        if (plan.Milestones.Any(m => m.Kind == MilestoneKind.Simulation))
        {
            errors.Add("rule 8: arm 1 has no CT simulation");
        }

        ExpectMilestone(plan, MilestoneKind.LetrozoleStart, dayOne, errors);
        ExpectMilestone(plan, MilestoneKind.PalbociclibStart, Spec.Palbociclib(dayOne), errors);
        if (plan.Summary.Visits != 0 || plan.Summary.TotalDoseGy != 0)
        {
            errors.Add($"summary: arm 1 has no visits and no dose, got {plan.Summary}");
        }
    }

    private static void CheckPrescription(PlanRequest request, Plan plan, List<string> errors)
    {
        var lesionIds = request.Patient.Lesions.Select(l => l.Id).ToHashSet();
        foreach (var stray in plan.Fractions.Where(f => !lesionIds.Contains(f.LesionId)))
        {
            errors.Add($"rule 1: fraction for unknown lesion {stray.LesionId}");
        }

        foreach (var f in plan.Fractions.Where(f => f.DoseGy != Spec.FractionDoseGy))
        {
            errors.Add($"rule 1: {f.LesionId}#{f.Number} has {f.DoseGy} Gy, not {Spec.FractionDoseGy}");
        }

        foreach (var lesion in request.Patient.Lesions)
        {
            var ordered = ByLesion(plan, lesion.Id);
            if (ordered.Count != Spec.FractionsPerLesion)
            {
                errors.Add($"rule 1: lesion {lesion.Id} has {ordered.Count} fractions, not {Spec.FractionsPerLesion}");
            }

            for (var i = 0; i < ordered.Count; i++)
            {
                if (ordered[i].Number != i + 1)
                {
                    errors.Add($"numbering: lesion {lesion.Id}'s fraction #{i + 1} in time order is numbered {ordered[i].Number}");
                }
            }
        }
    }

    private static void CheckGaps(PlanRequest request, Plan plan, List<string> errors)
    {
        foreach (var lesion in request.Patient.Lesions)
        {
            var ordered = ByLesion(plan, lesion.Id);
            for (var i = 1; i < ordered.Count; i++)
            {
                var gap = ordered[i].Start.ToInstant() - ordered[i - 1].Start.ToInstant();
                if (gap < Spec.MinGap)
                {
                    errors.Add($"rule 2: lesion {lesion.Id} fractions {i} and {i + 1} start {gap.TotalHours:0.##} h apart");
                }
            }
        }
    }

    private static void CheckOpenTime(PlanRequest request, Plan plan, List<string> errors)
    {
        var zone = request.Center.Zone;
        foreach (var f in plan.Fractions)
        {
            var name = $"{f.LesionId}#{f.Number}";
            if (f.Start.Zone.Id != zone.Id || f.End.Zone.Id != zone.Id)
            {
                errors.Add($"{name}: times are in {f.Start.Zone.Id}, not the center's zone {zone.Id}");
            }

            var date = Spec.LocalDate(request, f);
            var linac = request.Linacs.FirstOrDefault(l => l.Id == f.LinacId);
            var inOpening = linac is not null && !request.Center.IsOpen(date)
                && Spec.DaySlots(request, linac, date).Any(s => s.Start == f.Start.ToInstant() && s.End == f.End.ToInstant());
            if (!request.Center.IsOpen(date) && !inOpening)
            {
                errors.Add($"rule 4: {name} on {date:yyyy-MM-dd ddd}, a day the center is closed");
            }

            if (linac is null)
            {
                errors.Add($"rule 4: {name} on unknown linac {f.LinacId}");
                continue;
            }

            if (f.Origin == FractionOrigin.Planned && !Spec.PatientCan(request, f.Start.LocalDateTime, f.End.LocalDateTime))
            {
                errors.Add($"availability: {name} at {f.Start.LocalDateTime} when the patient cannot come");
            }

            if (request.Linacs.Any(l => l.BeamGroup is not null)
                && plan.Fractions.Where(g => g.LesionId == f.LesionId).Select(g => Spec.GroupOf(request, g.LinacId)).Distinct().Count() > 1)
            {
                errors.Add($"beam group: {name}'s lesion is on linacs of two groups");
            }

            var grid = request.Center.IsOpen(date) || inOpening ? Spec.DaySlots(request, linac, date) : Spec.Slots(linac, date, zone);
            var slot = grid.FirstOrDefault(s => s.Start == f.Start.ToInstant() && s.End == f.End.ToInstant());
            if (slot is null)
            {
                errors.Add($"rule 4/5: {name} {f.Start}..{f.End} is not one slot of {linac.Id}'s grid");
            }
            else if (Spec.IsDown(linac, slot.LocalStart, slot.LocalEnd))
            {
                errors.Add($"rule 4: {name} overlaps downtime of {linac.Id}");
            }
        }
    }

    private static void CheckCapacity(PlanRequest request, Plan plan, List<string> errors)
    {
        foreach (var f in plan.Fractions)
        {
            if (Spec.IsBooked(request, f.LinacId, f.Start.ToInstant(), f.End.ToInstant()))
            {
                errors.Add($"rule 5: {f.LesionId}#{f.Number} overlaps another patient's booking on {f.LinacId} at {f.Start}");
            }
        }

        var fractions = plan.Fractions;
        for (var i = 0; i < fractions.Count; i++)
        {
            for (var j = i + 1; j < fractions.Count; j++)
            {
                var a = fractions[i];
                var b = fractions[j];
                if (a.LinacId == b.LinacId && Spec.Overlaps(a.Start.ToInstant(), a.End.ToInstant(), b.Start.ToInstant(), b.End.ToInstant()))
                {
                    errors.Add($"rule 5: {a.LesionId}#{a.Number} and {b.LesionId}#{b.Number} share {a.LinacId} at {a.Start}");
                }
            }
        }
    }

    private static void CheckNotBefore(PlanRequest request, Plan plan, List<string> errors)
    {
        if (request.NotBefore is not { } notBefore)
        {
            return;
        }

        foreach (var f in plan.Fractions.Where(f => f.Origin == FractionOrigin.Planned && f.Start.ToInstant() <= notBefore))
        {
            errors.Add($"R2: planned {f.LesionId}#{f.Number} at {f.Start} does not start after {notBefore}");
        }
    }

    private static void CheckVisits(PlanRequest request, Plan plan, List<string> errors)
    {
        // A date on which everything was delivered is history (a fraction missed mid-visit leaves a hole).
        foreach (var visit in plan.Fractions.GroupBy(f => Spec.LocalDate(request, f)).Where(v => v.Any(f => f.Origin != FractionOrigin.Delivered)))
        {
            var ordered = visit.OrderBy(f => f.Start.ToInstant()).ToList();
            var date = visit.Key;
            if (ordered.Select(f => f.LinacId).Distinct().Count() > 1)
            {
                errors.Add($"rule 6: visit on {date} uses linacs {string.Join(", ", ordered.Select(f => f.LinacId).Distinct())}");
            }

            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Start.ToInstant() != ordered[i - 1].End.ToInstant())
                {
                    errors.Add($"rule 6: visit on {date} is not in consecutive slots ({ordered[i - 1].End} then {ordered[i].Start})");
                }
            }

            if (ordered.Count > request.MaxFractionsPerDay)
            {
                errors.Add($"rule 6: visit on {date} has {ordered.Count} fractions, cap is {request.MaxFractionsPerDay}");
            }

            foreach (var twice in ordered.GroupBy(f => f.LesionId).Where(g => g.Count() > 1))
            {
                errors.Add($"rule 6: lesion {twice.Key} treated {twice.Count()} times on {date}");
            }
        }
    }

    private static void CheckKept(PlanRequest request, Plan plan, List<string> errors)
    {
        foreach (var kept in request.Kept)
        {
            var matches = plan.Fractions.Count(f =>
                f.LesionId == kept.LesionId && f.LinacId == kept.LinacId
                && f.Start.ToInstant() == kept.Start && f.End.ToInstant() == kept.End
                && f.Origin == Spec.OriginOf(kept.Reason) && f.FractionId == kept.FractionId);
            if (matches != 1)
            {
                errors.Add($"rule 7: kept {kept.Reason} fraction {kept.FractionId} of {kept.LesionId} on {kept.LinacId} at {kept.Start} appears {matches} times unchanged");
            }
        }

        var keptOrigins = plan.Fractions.Count(f => f.Origin != FractionOrigin.Planned);
        if (keptOrigins != request.Kept.Count)
        {
            errors.Add($"rule 7: {keptOrigins} fractions are marked delivered or pinned, the request keeps {request.Kept.Count}");
        }
    }

    /// <summary>
    /// Rule 3 as a hard rule: fractions inside W0, or inside D1-2..D1+13 when W0 has a closure (the
    /// brute force checks that W0 really had no plan), past the end only as an R5 protocol deviation;
    /// DaysBefore/DaysAfter as the fractions reach, and a widened plan names a real closure inside W0.
    /// How Start/End and Closures are reported is <see cref="CheckWindowReport"/>'s business.
    /// </summary>
    private static void CheckWindow(PlanRequest request, Plan plan, List<string> errors)
    {
        var dayOne = request.Patient.DayOne;
        var window = plan.Window;
        var closuresInW0 = Spec.ClosureDatesInW0(request);
        if (plan.Fractions.Count == 0)
        {
            return;
        }

        var dates = plan.Fractions.Select(f => Spec.LocalDate(request, f)).ToList();
        var first = dates.Min();
        var last = dates.Max();
        var allowedStart = closuresInW0.Count > 0 ? Spec.WideStart(dayOne) : Spec.W0Start(dayOne);
        var allowedEnd = closuresInW0.Count > 0 ? Spec.WideEnd(dayOne) : Spec.W0End(dayOne);
        if (first < allowedStart)
        {
            errors.Add($"rule 3: first fraction {first} is before {allowedStart}{(closuresInW0.Count == 0 ? " (W0 has no closure)" : "")}");
        }

        if (first < window.Start || (last > window.End && plan.ProtocolDeviation is null))
        {
            errors.Add($"rule 3: fractions {first}..{last} are not inside the plan's window {window.Start}..{window.End}");
        }

        var before = Math.Max(0, Spec.DaysBetween(first, dayOne));
        if (window.DaysBefore != before)
        {
            errors.Add($"window: DaysBefore is {window.DaysBefore}, fractions reach {before} days before D1");
        }

        var after = Math.Max(0, Spec.DaysBetween(Spec.W0End(dayOne), last));
        if (window.DaysAfter != after)
        {
            errors.Add($"window: DaysAfter is {window.DaysAfter}, fractions reach {after} days after D1+11");
        }

        if (last <= allowedEnd)
        {
            if (plan.ProtocolDeviation is not null)
            {
                errors.Add("R5: protocol deviation reported for a plan inside its window");
            }
        }
        else if (!request.AllowProtocolDeviation)
        {
            errors.Add($"rule 3: last fraction {last} is after {allowedEnd}{(closuresInW0.Count == 0 ? " (W0 has no closure)" : "")}");
        }
        else
        {
            CheckProtocolDeviation(plan, allowedEnd, last, errors);
        }

        if (plan.ProtocolDeviation is null && window.DeviationDays > 0 && !window.Closures.Any(c => closuresInW0.Contains(c.Date)))
        {
            errors.Add("rule 3: a widened plan must name the closure inside W0 that caused it");
        }
    }

    /// <summary>
    /// The brief's reporting contract for rule 3: Start/End are W0, or D1-2..D1+13 when widened; the
    /// closures listed are those inside W0 ("which closures caused it").
    /// </summary>
    public static IReadOnlyList<string> CheckWindowReport(PlanRequest request, Plan plan)
    {
        var errors = new List<string>();
        var dayOne = request.Patient.DayOne;
        var window = plan.Window;
        var isW0 = window.Start == Spec.W0Start(dayOne) && window.End == Spec.W0End(dayOne);
        var isWide = window.Start == Spec.WideStart(dayOne) && window.End == Spec.WideEnd(dayOne);
        var closuresInW0 = Spec.ClosureDatesInW0(request);
        if (!isW0 && !isWide)
        {
            errors.Add($"window {window.Start}..{window.End} is neither W0 ({Spec.W0Start(dayOne)}..{Spec.W0End(dayOne)}) nor D1-2..D1+13");
        }

        if (isWide && closuresInW0.Count == 0)
        {
            errors.Add("window widened although W0 has no closure");
        }

        if (window.DeviationDays > 0)
        {
            foreach (var closure in window.Closures.Where(c => !closuresInW0.Contains(c.Date)))
            {
                errors.Add($"listed closure {closure.Date} ({closure.Reason}) is not a closure inside W0");
            }
        }

        return errors;
    }

    /// <summary>R5: past the allowed window's end (W0's, or D1+13 when W0 has a closure), never past D1+19, and said so.</summary>
    private static void CheckProtocolDeviation(Plan plan, LocalDate allowedEnd, LocalDate last, List<string> errors)
    {
        var dayOne = plan.DayOne;
        if (last > Spec.LastDeviationDay(dayOne))
        {
            errors.Add($"R5: last fraction {last} is after D1+19 ({Spec.LastDeviationDay(dayOne)})");
        }

        if (plan.ProtocolDeviation is not { } deviation)
        {
            errors.Add($"R5: last fraction {last} is past the window end {allowedEnd} without a protocol deviation");
            return;
        }

        var past = Spec.DaysBetween(allowedEnd, last);
        if (deviation.DaysPastWindow != past)
        {
            errors.Add($"R5: DaysPastWindow is {deviation.DaysPastWindow}, the last fraction is {past} days past {allowedEnd}");
        }
    }

    private static void CheckMilestones(PlanRequest request, Plan plan, List<string> errors)
    {
        var dayOne = request.Patient.DayOne;
        ExpectMilestone(plan, MilestoneKind.LetrozoleStart, dayOne, errors);
        ExpectMilestone(plan, MilestoneKind.PalbociclibStart, Spec.Palbociclib(dayOne), errors);
        if (plan.Fractions.Count == 0)
        {
            return;
        }

        var first = plan.Fractions.Min(f => Spec.LocalDate(request, f));
        var last = plan.Fractions.Max(f => Spec.LocalDate(request, f));
        if (Spec.Palbociclib(dayOne) <= last)
        {
            errors.Add($"rule 8: palbociclib on {Spec.Palbociclib(dayOne)} is not after the last fraction {last}");
        }

        var expected = Spec.Days(dayOne.PlusDays(-7), dayOne.PlusDays(-1)).FirstOrDefault(d => d < first && request.Center.IsOpen(d));
        if (expected == default)
        {
            errors.Add($"rule 8: no open day in D1-7..D1-1 before the first fraction {first} for CT simulation");
            return;
        }

        ExpectMilestone(plan, MilestoneKind.Simulation, expected, errors);
    }

    private static void ExpectMilestone(Plan plan, MilestoneKind kind, LocalDate date, List<string> errors)
    {
        var found = plan.Milestones.Where(m => m.Kind == kind).ToList();
        if (found.Count != 1 || found[0].Date != date)
        {
            errors.Add($"rule 8: expected one {kind} on {date}, found [{string.Join(", ", found.Select(m => m.Date))}]");
        }
    }

    private static void CheckSummary(PlanRequest request, Plan plan, List<string> errors)
    {
        var key = PlanKey.Of(request, plan.Fractions);
        var dose = Spec.FractionDoseGy * plan.Fractions.Count;
        if (plan.Summary.SpanDays != key.SpanDays || plan.Summary.Visits != key.Visits || plan.Summary.TotalDoseGy != dose)
        {
            errors.Add($"summary: {plan.Summary} but the fractions give span {key.SpanDays}, visits {key.Visits}, dose {dose}");
        }

        if (plan.Window.DeviationDays != plan.Window.DaysBefore + plan.Window.DaysAfter)
        {
            errors.Add("window: DeviationDays is not DaysBefore + DaysAfter");
        }
    }

    private static List<PlannedFraction> ByLesion(Plan plan, string lesionId) =>
        [.. plan.Fractions.Where(f => f.LesionId == lesionId).OrderBy(f => f.Start.ToInstant())];
}
