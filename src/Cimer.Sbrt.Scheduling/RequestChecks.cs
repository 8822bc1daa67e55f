namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Shape checks on a request: the caller's bugs, not scheduling facts. The web layer validates
/// input before it gets here, so these throw rather than return a problem.
/// </summary>
public static class RequestChecks
{
    /// <summary>Most lesions a patient may have (CIMER: up to five oligometastatic sites).</summary>
    public const int MaxLesions = 5;

    /// <summary>Fractions each lesion receives (rule 1).</summary>
    public const int FractionsPerLesion = 5;

    /// <exception cref="ArgumentException">Arm not 1 or 2; a beam group no linac is in; availability hours not in order; arm 2 without 1..5 distinct lesions; cap outside 1..5; kept fractions of unknown lesions or more than five per lesion.</exception>
    public static void ThrowIfInvalid(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var patient = request.Patient;
        if (patient.Arm is not (1 or 2))
        {
            throw new ArgumentException($"Arm must be 1 or 2, not {patient.Arm}.", nameof(request));
        }

        if (request.MaxFractionsPerDay is < PlanRequest.MinDailyCap or > PlanRequest.MaxDailyCap)
        {
            throw new ArgumentException($"MaxFractionsPerDay must be {PlanRequest.MinDailyCap}..{PlanRequest.MaxDailyCap}.", nameof(request));
        }

        if (request.BeamGroup is { } beamGroup && !request.Linacs.Any(l => string.Equals(l.Group, beamGroup, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"No linac of the center is in beam group '{beamGroup}'.", nameof(request));
        }

        if (patient.AvailableFrom is { } from && patient.AvailableUntil is { } until && from >= until)
        {
            throw new ArgumentException("AvailableFrom must be before AvailableUntil.", nameof(request));
        }

        if (patient.Arm == 1)
        {
            return;
        }

        var ids = patient.Lesions.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        if (patient.Lesions.Count is < 1 or > MaxLesions || ids.Count != patient.Lesions.Count)
        {
            throw new ArgumentException("Arm 2 needs one to five lesions with distinct ids.", nameof(request));
        }

        foreach (var group in request.Kept.GroupBy(k => k.LesionId, StringComparer.Ordinal))
        {
            if (!ids.Contains(group.Key) || group.Count() > FractionsPerLesion)
            {
                throw new ArgumentException($"Kept fractions of lesion '{group.Key}' are unknown or more than {FractionsPerLesion}.", nameof(request));
            }
        }
    }
}
