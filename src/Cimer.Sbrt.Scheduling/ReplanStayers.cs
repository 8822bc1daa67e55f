using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>Which previous fractions may stay, and what forces the others to move (R5).</summary>
internal static class ReplanStayers
{
    /// <summary>
    /// A previous planned fraction has to move when its slot is gone (downtime, closure, taken,
    /// in the past) or a fraction of its lesion was missed before it; every other one may stay.
    /// </summary>
    public static (IReadOnlyList<Stayer> Stayers, IReadOnlyList<DeviationCause> Causes) Stayers(Instance instance)
    {
        var request = instance.Request;
        var lesions = request.Patient.Lesions.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var linacs = request.Linacs.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var kept = request.Kept.Select(k => (k.LesionId, k.Start)).ToHashSet();
        var stayers = new List<Stayer>();
        var causes = request.Missed
            .Select(m => new DeviationCause("missedFraction", m.FractionId, m.Start.InZone(instance.Zone).Date))
            .ToList();
        foreach (var f in request.Previous.Where(f => f.Origin == FractionOrigin.Planned))
        {
            var start = f.Start.ToInstant();
            if (!lesions.TryGetValue(f.LesionId, out var lesion) || kept.Contains((f.LesionId, start))
                || request.Missed.Any(m => m.LesionId == f.LesionId && m.Start <= start))
            {
                continue;
            }

            var dayNumber = Instance.DayNumberOf(f.Start.Date);
            var day = instance.DayAt(dayNumber);
            var linac = linacs.GetValueOrDefault(f.LinacId, -1);
            var slot = day is null || linac < 0 ? -1 : Array.IndexOf(day.Linacs[linac].Start, start.ToUnixTimeTicks());
            if (slot >= 0 && day!.Linacs[linac].Free[slot])
            {
                stayers.Add(new Stayer(lesion, dayNumber, linac, slot));
            }
            else if (Cause(request, f) is { } cause)
            {
                causes.Add(cause);
            }
        }

        return (stayers, [.. causes.Distinct()]);
    }

    private static DeviationCause? Cause(PlanRequest request, PlannedFraction f)
    {
        var date = f.Start.Date;
        if (request.Center.ClosureOn(date) is { } closure)
        {
            return new DeviationCause("closure", closure.Id, date);
        }

        if (request.Patient.Absences.FirstOrDefault(a => a.Date == date) is { } absence)
        {
            return Availability.Cause(absence);
        }

        var linac = request.Linacs.FirstOrDefault(l => l.Id == f.LinacId);
        var local = f.Start.LocalDateTime;
        var end = f.End.LocalDateTime;
        var downtime = linac?.Downtimes.FirstOrDefault(d => d.Start < end && local < d.End);
        return downtime is null ? null : new DeviationCause("downtime", downtime.Id, date);
    }
}
