namespace Cimer.Sbrt.Api.Centers;

/// <summary>
/// What runs for each center on a schedule (the nightly reconciliation, in Jobs/): told of every
/// center created, after its commit. Centers owns the question so it depends on no job that answers it.
/// </summary>
internal interface ICenterSchedule
{
    Task AddCenterAsync(string centerId, string timeZone, CancellationToken ct);
}
