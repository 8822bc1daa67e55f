using NodaTime;
using NodaTime.Text;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Why no plan exists, found by relaxing the request: without bookings and downtime, with the
/// highest daily cap. The first relaxation that becomes feasible names the rule at fault.
/// Suggestions are proven by solving the changed request, not guessed.
/// </summary>
internal static class Diagnosis
{
    private const int DayOneSearchDays = 21;
    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;

    /// <summary>
    /// Kept fractions that already break a rule: two of a lesion less than 48 h apart (delivered
    /// ones too: the record itself needs a person), or a pinned one the calendar now refuses
    /// (closed day, downtime, another patient's booking, off the slot grid; R1). The solver never
    /// moves them, so no plan exists until a person does.
    /// </summary>
    public static IReadOnlyList<Violation> KeptConflicts(PlanRequest request)
    {
        var result = new List<Violation>();
        var zone = request.Center.Zone;
        foreach (var lesion in request.Kept.GroupBy(k => k.LesionId, StringComparer.Ordinal))
        {
            var ordered = lesion.OrderBy(k => k.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var (a, b) = (ordered[i - 1], ordered[i]);
                if (b.Start - a.Start < Duration.FromHours(48))
                {
                    result.Add(Conflict(request, b, $"Kept fractions of lesion {lesion.Key} are {(b.Start - a.Start).TotalHours:0.#} h apart, less than 48 h; move or unpin one, or correct the delivery record."));
                }
            }
        }

        foreach (var k in request.Kept.Where(k => k.Reason == KeptReason.Pinned))
        {
            var zoned = k.Start.InZone(zone);
            var date = zoned.Date;
            var linac = request.Linacs.FirstOrDefault(l => l.Id == k.LinacId);
            var slot = linac is null ? null : SlotGrid.On(linac, date, zone).FirstOrDefault(s => s.Start.ToInstant() == k.Start && s.End.ToInstant() == k.End);
            var open = request.Center.IsOpen(date);
            if (!open && linac is not null)
            {
                // On a closed day only an opening's slots exist.
                slot = SlotGrid.OpeningsOn(linac, date, zone).FirstOrDefault(s => s.Start.ToInstant() == k.Start && s.End.ToInstant() == k.End);
            }

            var why = !open && slot is null ? $"the center is closed on {Date.Format(date)} ({request.Center.ClosureOn(date)?.Reason ?? "not an open day"})"
                : linac is null ? $"linac {k.LinacId} is unknown"
                : Availability.Breach(request.Patient, zoned.LocalDateTime, k.End.InZone(zone).LocalDateTime) is { } away ? away
                : slot is null ? $"{zoned.LocalDateTime:uuuu-MM-dd HH:mm} is not a slot of {linac.Name}"
                : SlotGrid.IsDown(linac, slot) ? $"{linac.Name} is down then ({linac.Downtimes.First(d => d.Start < slot.End.LocalDateTime && slot.Start.LocalDateTime < d.End).Reason})"
                : request.Bookings.Any(b => b.LinacId == k.LinacId && b.Start < k.End && k.Start < b.End) ? $"{linac.Name} is booked by another patient then"
                : null;
            if (why is not null)
            {
                result.Add(Conflict(request, k, $"The pinned fraction at {zoned.LocalDateTime:uuuu-MM-dd HH:mm} cannot be given: {why}. Move or unpin it."));
            }
        }

        foreach (var day in request.Kept.GroupBy(k => k.Start.InZone(zone).Date).Where(g => g.Any(k => k.Reason == KeptReason.Pinned)))
        {
            if (day.Select(k => k.LinacId).Distinct().Count() > 1)
            {
                result.Add(Conflict(request, day.First(), $"Kept fractions on {Date.Format(day.Key)} are on different linacs; one visit is one linac."));
            }
        }

        return result;
    }

    /// <summary>
    /// Dates whose kept fractions, a pinned one among them, are not in consecutive slots (rule 6).
    /// Called only once no plan exists: a hole the other lesions could have filled would have been
    /// filled. A delivered-only date with a hole (a fraction missed mid-visit) is history, not a conflict.
    /// </summary>
    private static List<Violation> KeptVisitHoles(PlanRequest request)
    {
        var zone = request.Center.Zone;
        var result = new List<Violation>();
        foreach (var day in request.Kept.GroupBy(k => k.Start.InZone(zone).Date).Where(d => d.Any(k => k.Reason == KeptReason.Pinned)))
        {
            var ordered = day.OrderBy(k => k.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Start != ordered[i - 1].End)
                {
                    result.Add(Conflict(request, ordered[i], $"Kept fractions on {Date.Format(day.Key)} are not in consecutive slots, and no other lesion can take the slots between them; one visit must be consecutive."));
                    break;
                }
            }
        }

        return result;
    }

    private static Violation Conflict(PlanRequest request, KeptFraction k, string message) =>
        new(Rules.KeptFractions, message)
        {
            Date = k.Start.InZone(request.Center.Zone).Date,
            FractionId = k.FractionId,
            LesionId = k.LesionId,
        };

    /// <summary>The code and summary of <see cref="Explain"/>, without the suggestions (which cost further solves).</summary>
    public static (string Code, string Summary) Classify(PlanRequest request, SlotGridCache? grids = null)
    {
        var explained = Explain(request, withSuggestions: false, grids);
        return (explained.Code, explained.Summary);
    }

    public static Infeasibility Explain(PlanRequest request, bool withSuggestions = true, SlotGridCache? grids = null)
    {
        // The relaxed and changed requests cover much the same dates: one set of slot grids serves them all.
        grids ??= new SlotGridCache();
        var d1 = request.Patient.DayOne;
        var (w0Start, w0End) = Windows.Nominal(d1);
        if (request.Linacs.Count == 0)
        {
            return new Infeasibility(InfeasibilityCodes.NoLinac, "The center has no linac to treat on.", [new Violation(Rules.Capacity, "Add a linac to the center.")], []);
        }

        var conflicts = KeptConflicts(request);
        if (conflicts.Count > 0)
        {
            return new Infeasibility(InfeasibilityCodes.KeptFractionsConflict, "Delivered or pinned fractions already break a rule; a person must move or unpin them before the rest can be planned.", conflicts, []);
        }

        var holes = KeptVisitHoles(request);
        if (holes.Count > 0)
        {
            return new Infeasibility(InfeasibilityCodes.KeptFractionsConflict, "Kept fractions leave a hole in their visit that no other lesion can fill; a person must move or unpin them.", holes, []);
        }

        var hasDelivered = request.Kept.Any(k => k.Reason == KeptReason.Delivered);
        if (Milestones.SimulationDay(request) is null && !hasDelivered)
        {
            return new Infeasibility(
                InfeasibilityCodes.NoSimulationDay,
                $"The center is closed every day from {Date.Format(d1.PlusDays(-7))} to {Date.Format(d1.PlusDays(-1))}: no day for CT simulation before day 1.",
                [new Violation(Rules.Milestones, "CT simulation needs an open day in the week before day 1.") { Date = d1.PlusDays(-1) }],
                withSuggestions ? [.. DayOneSuggestions(request, grids)] : []);
        }

        if (BeamGroups.InUse(request) && (request.BeamGroup is not null || BeamGroups.Started(request).Count > 0)
            && Scheduler.Solve(request, grids, ignoreGroups: true) is not null)
        {
            return OtherMachine(request);
        }

        if (Availability.Restricts(request.Patient) && Scheduler.Solve(request with { Patient = Availability.Lifted(request.Patient) }, grids) is not null)
        {
            return new Infeasibility(
                InfeasibilityCodes.PatientUnavailable,
                $"The calendar and linacs allow a plan, but not at the times the patient can come: {Availability.Describe(request.Patient)}.",
                [
                    .. Availability.In(request.Patient, d1.PlusDays(-Windows.Tolerance), d1.PlusDays(Windows.LastFractionDay))
                        .Select(a => new Violation(Rules.PatientAvailability, $"{Date.Format(a.Date)}: the patient cannot come ({a.Reason}); an absence is not a holiday and never widens the window.") { Date = a.Date }),
                    new Violation(Rules.PatientAvailability, $"Fractions only when the patient can come: {Availability.Describe(request.Patient)}.") { Date = w0Start },
                ],
                []);
        }

        var grouped = BeamGroups.InUse(request);
        // Without bookings and downtime, linacs of the same hours, slots, openings and group are interchangeable: one of each shape will do.
        var calendarOnly = request with
        {
            Bookings = [],
            NotBefore = null,
            Linacs = [.. request.Linacs.DistinctBy(l => (l.OpensAt, l.ClosesAt, l.SlotMinutes, grouped ? l.Group : null, OpeningsKey(l))).Select(l => l with { Downtimes = [] })],
        };
        var fullCap = calendarOnly with { MaxFractionsPerDay = PlanRequest.MaxDailyCap };
        var suggestions = new List<Suggestion>();
        if (withSuggestions)
        {
            suggestions.AddRange(CapSuggestions(request, grids));
            suggestions.AddRange(DayOneSuggestions(request, grids));
        }

        if (Scheduler.Solve(calendarOnly, grids) is not null)
        {
            var violations = UnavailableDates(request, w0Start, w0End, grids);
            if (withSuggestions)
            {
                suggestions.AddRange(LinacSuggestion(request, grids));
            }

            return new Infeasibility(
                InfeasibilityCodes.LinacsUnavailable,
                "The center's calendar allows a plan, but the linacs' bookings, downtime or time already past leave no valid set of slots in the window.",
                violations,
                suggestions);
        }

        var total = request.Patient.Lesions.Count * RequestChecks.FractionsPerLesion - request.Kept.Count;
        var openDays = OpenDays(request, w0Start, w0End);
        if (Scheduler.Solve(fullCap, grids) is not null)
        {
            var room = request.MaxFractionsPerDay * openDays.Count;
            var why = room < total
                ? $"At most {request.MaxFractionsPerDay} fractions a day on {openDays.Count} open days give at most {room} fractions; {total} are needed."
                : $"{total} fractions need most open days to hold {request.MaxFractionsPerDay} fractions, but each lesion may come only every other day: the lesions cannot be alternated within the cap.";
            return new Infeasibility(
                InfeasibilityCodes.DailyCapTooLow,
                $"{total} fractions with at most {request.MaxFractionsPerDay} a day do not fit the {openDays.Count} open days of the window ({Date.Format(w0Start)} to {Date.Format(w0End)}) with 48 h between a lesion's fractions.",
                [new Violation(Rules.DailyCap, why) { Date = w0End }],
                suggestions);
        }

        return new Infeasibility(
            InfeasibilityCodes.WindowTooShort,
            $"The open days of the window ({string.Join(", ", openDays.Select(Date.Format))}) cannot hold five fractions 48 h apart for every lesion.",
            [
                new Violation(Rules.Gap48h, "Each lesion needs five fractions, each at least 48 h after the one before, on open days.") { Date = w0Start },
                new Violation(Rules.Window, $"Fractions must fall in days 1-12 ({Date.Format(w0Start)} to {Date.Format(w0End)}), or +/-2 days only around a closure.") { Date = w0End },
            ],
            suggestions);
    }

    private static string OpeningsKey(Linac linac) =>
        string.Join(';', linac.Openings.Select(o => $"{o.Date}:{o.OpensAt}-{o.ClosesAt}"));

    /// <summary>No linac of the lesions' groups can take the fractions, and another group could: never a silent switch.</summary>
    private static Infeasibility OtherMachine(PlanRequest request)
    {
        var started = BeamGroups.Started(request);
        var violations = new List<Violation>();
        foreach (var lesion in request.Patient.Lesions)
        {
            var group = request.BeamGroup ?? started.GetValueOrDefault(lesion.Id) ?? string.Join("/", started.Values.Distinct(StringComparer.Ordinal));
            var linacs = string.Join(", ", request.Linacs.Where(l => l.Group == group).Select(l => l.Name));
            violations.Add(new Violation(Rules.BeamGroup, $"Lesion {lesion.Label} is planned for beam group {group} ({(linacs.Length > 0 ? linacs : "no linac of the center")}); no plan fits on it: dose plan for another machine needed.") { LesionId = lesion.Id });
        }

        return new Infeasibility(
            InfeasibilityCodes.NeedsOtherMachine,
            "No linac of the beam-matched group the dose plan was made for can take the fractions, but linacs of another group could: dose plan for another machine needed. The solver never changes group on its own.",
            violations,
            []);
    }

    private static List<LocalDate> OpenDays(PlanRequest request, LocalDate start, LocalDate end)
    {
        var result = new List<LocalDate>();
        for (var d = start; d <= end; d = d.PlusDays(1))
        {
            if (request.Center.IsOpen(d))
            {
                result.Add(d);
            }
        }

        return result;
    }

    private static List<Violation> UnavailableDates(PlanRequest request, LocalDate start, LocalDate end, SlotGridCache grids)
    {
        var instance = Instance.Build(request, start, end, grids);
        var result = new List<Violation>();
        foreach (var day in instance.Days.Where(d => request.Center.IsOpen(d.Date) && d.NewCap < request.MaxFractionsPerDay && d.Kept.Count == 0))
        {
            var slots = day.Linacs.Sum(l => l.Count);
            var down = day.Linacs.Sum(l => l.Down.Count(x => x));
            var past = request.NotBefore is { } now ? day.Linacs.Sum(l => l.Start.Count(s => s <= now.ToUnixTimeTicks())) : 0;
            var (rule, why) = past == slots ? (Rules.NotInPast, "already past")
                : down == slots ? (Rules.OpenTime, "every linac is down")
                : (Rules.Capacity, day.NewCap == 0 ? "no free slot on any linac" : $"at most {day.NewCap} consecutive free slot(s) on any linac");
            result.Add(new Violation(rule, $"{Date.Format(day.Date)}: {why}.") { Date = day.Date });
        }

        if (result.Count == 0)
        {
            result.Add(new Violation(Rules.Capacity, "The free slots left on the open days do not line up 48 h apart for every lesion.") { Date = start });
        }

        return result;
    }

    /// <summary>
    /// The lowest higher daily cap that has a plan. A higher cap only allows more, so feasibility is
    /// monotone in it: the next cap is tried first (the usual answer), then the highest (when it
    /// fails no cap helps: one proof instead of one per cap), then a binary search between them.
    /// Each suggestion is still proven by its own solve.
    /// </summary>
    private static IEnumerable<Suggestion> CapSuggestions(PlanRequest request, SlotGridCache grids)
    {
        var (low, high) = (request.MaxFractionsPerDay + 1, PlanRequest.MaxDailyCap);
        if (low > high)
        {
            yield break;
        }

        if (!Feasible(low))
        {
            if (low == high || !Feasible(high))
            {
                yield break;
            }

            low++;
            while (low < high)
            {
                var mid = (low + high) / 2;
                (low, high) = Feasible(mid) ? (low, mid) : (mid + 1, high);
            }
        }

        yield return new Suggestion("maxFractionsPerDay", $"A daily cap of {low} fractions makes the plan feasible with the same day 1.") { MaxFractionsPerDay = low };

        bool Feasible(int cap) => Scheduler.Solve(request with { MaxFractionsPerDay = cap }, grids) is not null;
    }

    /// <summary>
    /// The nearest day 1 (later first on a tie) within three weeks that has a plan, for a patient with
    /// nothing kept. A day 1 is offered only when its simulation week lies wholly after today; when
    /// the asked day 1 is before that (already past, or too soon), the search starts at the first day 1
    /// that can be and runs forwards, so a day 1 long past still gets the nearest one from today.
    /// </summary>
    private static IEnumerable<Suggestion> DayOneSuggestions(PlanRequest request, SlotGridCache grids)
    {
        if (request.Kept.Count > 0)
        {
            yield break;
        }

        var today = request.NotBefore?.InZone(request.Center.Zone).Date;
        var earliest = today?.PlusDays(Milestones.SimulationDaysBefore + 1);
        foreach (var candidate in DayOneCandidates(request.Patient.DayOne, earliest))
        {
            var changed = request with { Patient = request.Patient with { DayOne = candidate } };
            if (EnoughOpenDays(changed) && Scheduler.Solve(changed, grids) is not null)
            {
                yield return new Suggestion("dayOne", $"Day 1 on {Date.Format(candidate)} ({candidate.DayOfWeek}) has a plan.") { DayOne = candidate };
                yield break;
            }
        }
    }

    /// <summary>
    /// Candidate days 1 nearest <paramref name="dayOne"/> first, none before <paramref name="earliest"/>.
    /// Searching only around <paramref name="dayOne"/> would find nothing once it is more than two weeks
    /// past: every date within three weeks of it would be before <paramref name="earliest"/>.
    /// </summary>
    private static IEnumerable<LocalDate> DayOneCandidates(LocalDate dayOne, LocalDate? earliest)
    {
        if (earliest is { } first && dayOne < first)
        {
            for (var offset = 0; offset < DayOneSearchDays; offset++)
            {
                yield return first.PlusDays(offset);
            }

            yield break;
        }

        for (var distance = 1; distance <= DayOneSearchDays; distance++)
        {
            yield return dayOne.PlusDays(distance);
            if (earliest is not { } e || dayOne.PlusDays(-distance) >= e)
            {
                yield return dayOne.PlusDays(-distance);
            }
        }
    }

    /// <summary>A cheap necessary condition: the widest window's open days times the cap hold every fraction.</summary>
    private static bool EnoughOpenDays(PlanRequest request)
    {
        var d1 = request.Patient.DayOne;
        var open = OpenDays(request, d1.PlusDays(-Windows.Tolerance), d1.PlusDays(Windows.NominalDays - 1 + Windows.Tolerance)).Count;
        return open * request.MaxFractionsPerDay >= request.Patient.Lesions.Count * RequestChecks.FractionsPerLesion;
    }

    private static IEnumerable<Suggestion> LinacSuggestion(PlanRequest request, SlotGridCache grids)
    {
        var model = request.Linacs[0];
        var extra = model with { Id = "\u0000suggested", Name = "another linac", Downtimes = [] };
        if (Scheduler.Solve(request with { Linacs = [.. request.Linacs, extra] }, grids) is not null)
        {
            yield return new Suggestion("linac", $"Another linac with free hours like {model.Name} ({PlanBuilder.FormatTime(model.OpensAt)}-{PlanBuilder.FormatTime(model.ClosesAt)}) in the window makes the plan feasible.");
        }
    }
}
