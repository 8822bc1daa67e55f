namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// The beam-matched group rule: a lesion's fractions stay on linacs of one group (its dose plan is
/// made for one machine model). A first plan puts the whole plan in one group, trying each; a re-plan
/// keeps each lesion in the group it started in. The rule is on only when some linac names a group:
/// a center that names none plans as it always has, on every linac.
/// </summary>
internal static class BeamGroups
{
    /// <summary>True when some linac of the request names a beam group.</summary>
    public static bool InUse(PlanRequest request)
    {
        foreach (var linac in request.Linacs)
        {
            if (linac.BeamGroup is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The groups of the request's linacs, in linac order.</summary>
    public static IReadOnlyList<string> All(PlanRequest request) => [.. request.Linacs.Select(l => l.Group).Distinct(StringComparer.Ordinal)];

    /// <summary>The group of a linac id; an unknown linac is a group of its own.</summary>
    public static string GroupOf(PlanRequest request, string linacId) =>
        request.Linacs.FirstOrDefault(l => string.Equals(l.Id, linacId, StringComparison.Ordinal))?.Group ?? linacId;

    /// <summary>
    /// Per lesion id, the group its history started in: the linac of its earliest kept, previous or
    /// missed fraction. Lesions without history are absent. Empty when nothing has happened yet.
    /// </summary>
    public static Dictionary<string, string> Started(PlanRequest request)
    {
        var history = request.Kept.Select(k => (k.LesionId, k.LinacId, k.Start))
            .Concat(request.Previous.Select(f => (f.LesionId, f.LinacId, Start: f.Start.ToInstant())))
            .Concat(request.Missed.Where(m => m.LinacId is not null).Select(m => (m.LesionId, LinacId: m.LinacId!, m.Start)));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var lesion in history.GroupBy(h => h.LesionId, StringComparer.Ordinal))
        {
            result[lesion.Key] = GroupOf(request, lesion.MinBy(h => h.Start).LinacId);
        }

        return result;
    }

    /// <summary>
    /// Re-plans: per lesion index, which linacs it may use. A lesion without history follows the
    /// groups of the others. Null when the rule is off or nothing has happened yet (a first plan).
    /// </summary>
    public static bool[][]? Allowed(PlanRequest request)
    {
        if (!InUse(request))
        {
            return null;
        }

        var started = Started(request);
        if (started.Count == 0)
        {
            return null;
        }

        var others = started.Values.ToHashSet(StringComparer.Ordinal);
        var lesions = request.Patient.Lesions;
        var result = new bool[lesions.Count][];
        for (var i = 0; i < lesions.Count; i++)
        {
            var groups = started.TryGetValue(lesions[i].Id, out var own) ? [own] : others;
            result[i] = [.. request.Linacs.Select(l => groups.Contains(l.Group))];
        }

        return result;
    }

    /// <summary>True when the lesions do not all have the same linacs (a plan made before groups were named).</summary>
    public static bool Mixed(bool[][] allowed) => allowed.Any(a => !a.AsSpan().SequenceEqual(allowed[0]));
}
