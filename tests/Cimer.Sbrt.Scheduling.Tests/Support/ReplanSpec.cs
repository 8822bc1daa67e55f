using NodaTime;

namespace Cimer.Sbrt.Scheduling.Tests.Support;

/// <summary>Why a previous fraction has to move in a re-plan (R5 "best" 2); <see cref="None"/> when it may stay.</summary>
public enum Forced
{
    None,

    /// <summary>A fraction of its lesion was missed at or before its start.</summary>
    AfterMiss,

    /// <summary>It starts at or before "now" (R2).</summary>
    Past,

    /// <summary>Its date is now a closure or not an open weekday.</summary>
    Closed,

    /// <summary>Its linac is gone or its times are no longer a slot of the linac's grid.</summary>
    OffGrid,

    /// <summary>Downtime overlaps its slot.</summary>
    Down,

    /// <summary>Another patient booked its slot.</summary>
    Booked,

    /// <summary>A kept fraction of another lesion now holds its slot.</summary>
    TakenByKept,
}

/// <summary>
/// The re-planning words of scheduling-rules.md ("Re-planning", R1-R5) re-stated in test code from
/// the request alone, like <see cref="Spec"/>: which previous fractions may stay, how many moved that
/// did not have to, the allowed window and the causes a deviation must name.
/// </summary>
public static class ReplanSpec
{
    /// <summary>The allowed window's end (rule 3 with the closures known now): D1+13 when W0 holds a closure, else D1+11.</summary>
    public static LocalDate AllowedEnd(PlanRequest request) =>
        Spec.ClosureDatesInW0(request).Count > 0 ? Spec.WideEnd(request.Patient.DayOne) : Spec.W0End(request.Patient.DayOne);

    /// <summary>The earliest date a fraction may take: D1-2 when W0 holds a closure, else D1.</summary>
    public static LocalDate AllowedStart(PlanRequest request) =>
        Spec.ClosureDatesInW0(request).Count > 0 ? Spec.WideStart(request.Patient.DayOne) : Spec.W0Start(request.Patient.DayOne);

    /// <summary>The last date any fraction may take: D1+19 with a protocol deviation allowed, else the allowed end.</summary>
    public static LocalDate LastDate(PlanRequest request) =>
        request.AllowProtocolDeviation ? Spec.LastDeviationDay(request.Patient.DayOne) : AllowedEnd(request);

    /// <summary>
    /// The previous version's planned fractions the re-plan is measured against: Origin Planned, of a
    /// lesion the patient still has, and not now kept (delivered or pinned) in that very slot.
    /// </summary>
    public static IReadOnlyList<PlannedFraction> PreviousPlanned(PlanRequest request)
    {
        var lesions = request.Patient.Lesions.Select(l => l.Id).ToHashSet();
        return
        [
            .. request.Previous.Where(p => p.Origin == FractionOrigin.Planned && lesions.Contains(p.LesionId)
                && !request.Kept.Any(k => k.LesionId == p.LesionId && k.LinacId == p.LinacId && k.Start == p.Start.ToInstant())),
        ];
    }

    /// <summary>Why <paramref name="previous"/> has to move, checked in the order of the rules.</summary>
    public static Forced ForcedBy(PlanRequest request, PlannedFraction previous)
    {
        var start = previous.Start.ToInstant();
        var end = previous.End.ToInstant();
        if (request.Missed.Any(m => m.LesionId == previous.LesionId && m.Start <= start))
        {
            return Forced.AfterMiss;
        }

        if (request.NotBefore is { } now && start <= now)
        {
            return Forced.Past;
        }

        var date = Spec.LocalDate(request, start);
        if (!request.Center.IsOpen(date))
        {
            return Forced.Closed;
        }

        var linac = request.Linacs.FirstOrDefault(l => l.Id == previous.LinacId);
        var slot = linac is null ? null : Spec.Slots(linac, date, request.Center.Zone).FirstOrDefault(s => s.Start == start && s.End == end);
        if (slot is null)
        {
            return Forced.OffGrid;
        }

        if (Spec.IsDown(linac!, slot.LocalStart, slot.LocalEnd))
        {
            return Forced.Down;
        }

        if (Spec.IsBooked(request, linac!.Id, start, end))
        {
            return Forced.Booked;
        }

        return request.Kept.Any(k => k.LinacId == linac.Id && Spec.Overlaps(k.Start, k.End, start, end)) ? Forced.TakenByKept : Forced.None;
    }

    /// <summary>Previous planned fractions that may stay: each one not kept in its slot by a fraction of its lesion counts one move.</summary>
    public static IReadOnlyList<PlannedFraction> Unforced(PlanRequest request) =>
        [.. PreviousPlanned(request).Where(p => ForcedBy(request, p) == Forced.None)];

    public static int UnforcedMoves(PlanRequest request, IReadOnlyList<PlannedFraction> fractions) =>
        Unforced(request).Count(p => !fractions.Any(f => f.LesionId == p.LesionId && f.LinacId == p.LinacId && f.Start.ToInstant() == p.Start.ToInstant()));

    /// <summary>
    /// The causes a protocol deviation must name (brief): every missed fraction, and for each previous
    /// fraction forced out by its slot, a closure on its date or a downtime over its slot. Returned as
    /// (required, allowed): a previous fraction forced both by a miss and by a closure or downtime may
    /// or may not be named, so its cause is allowed but not required.
    /// </summary>
    public static (IReadOnlyList<DeviationCause> Required, IReadOnlyList<DeviationCause> Allowed) Causes(PlanRequest request)
    {
        var zone = request.Center.Zone;
        var required = request.Missed.Select(m => new DeviationCause("missedFraction", m.FractionId, m.Start.InZone(zone).Date)).ToList();
        var allowed = new List<DeviationCause>(required);
        foreach (var p in PreviousPlanned(request))
        {
            var forced = ForcedBy(request, p);
            var slotCauses = SlotCauses(request, p);
            allowed.AddRange(slotCauses);
            if (forced is Forced.Closed or Forced.Down && slotCauses.Count > 0)
            {
                // Any one of the downtimes over the slot will do; the first is required only when it is the only one.
                required.AddRange(slotCauses.Count == 1 ? slotCauses : []);
            }
        }

        return ([.. required.Distinct()], [.. allowed.Distinct()]);
    }

    /// <summary>The closure on the fraction's date, else every downtime overlapping its slot.</summary>
    private static List<DeviationCause> SlotCauses(PlanRequest request, PlannedFraction p)
    {
        var date = Spec.LocalDate(request, p);
        if (request.Center.ClosureOn(date) is { } closure)
        {
            return [new DeviationCause("closure", closure.Id, date)];
        }

        var linac = request.Linacs.FirstOrDefault(l => l.Id == p.LinacId);
        var start = p.Start.ToInstant().InZone(request.Center.Zone).LocalDateTime;
        var end = p.End.ToInstant().InZone(request.Center.Zone).LocalDateTime;
        return linac is null ? [] : [.. linac.Downtimes.Where(d => d.Start < end && start < d.End).Select(d => new DeviationCause("downtime", d.Id, date))];
    }
}
