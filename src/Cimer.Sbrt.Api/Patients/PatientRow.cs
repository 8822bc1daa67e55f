namespace Cimer.Sbrt.Api.Patients;

/// <summary>A row of <c>patients</c>, as stored, with its derived status.</summary>
internal sealed class PatientRow
{
    public string Id { get; init; } = "";
    public string StudyId { get; init; } = "";
    public string CenterId { get; init; } = "";
    public long Arm { get; init; }
    public string DayOne { get; init; } = "";
    public long Version { get; init; } = 1;
    public string? WithdrawnUtc { get; init; }
    public string? WithdrawalReason { get; init; }

    /// <summary>Center-local "HH:mm" she can come from; null: no limit.</summary>
    public string? AvailableFrom { get; init; }

    /// <summary>Center-local "HH:mm" she can stay until; null: no limit.</summary>
    public string? AvailableUntil { get; init; }

    /// <summary>Center-local "HH:mm" she prefers (soft); null: no wish.</summary>
    public string? PreferredTime { get; init; }

    /// <summary>Derived by <see cref="PatientStore"/> from the withdrawal and the live plan; see <see cref="PatientStatus"/>.</summary>
    public string Status { get; init; } = "enrolled";
}

/// <summary>A row of <c>lesions</c>, as stored.</summary>
internal sealed class LesionRow
{
    public string Id { get; init; } = "";
    public string PatientId { get; init; } = "";
    public long Ordinal { get; init; }
    public string Label { get; init; } = "";
    public string? Site { get; init; }
    public double GreatestDiameterCm { get; init; }
}
