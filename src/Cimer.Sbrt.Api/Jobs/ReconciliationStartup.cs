using Microsoft.Extensions.Options;

namespace Cimer.Sbrt.Api.Jobs;

/// <summary>
/// At start: catches up on every reconciliation that fell due while the service was down
/// (reconciliation_runs against the scheduled times, by the injected clock), then lays each
/// center's nightly trigger. A restart therefore misses nothing, whatever Quartz's store forgot.
/// </summary>
internal sealed partial class ReconciliationStartup(
    Reconciliation reconciliation, ReconciliationSchedule schedule, Data.Database database, IOptions<JobsOptions> options,
    ILogger<ReconciliationStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var runs = await reconciliation.CatchUpAsync(cancellationToken);
        if (runs.Count > 0)
        {
            LogCaughtUp(logger, runs.Count);
        }

        foreach (var center in await database.ReadAsync(connection => ReconciliationStore.CentersAsync(connection, cancellationToken)))
        {
            await schedule.AddCenterAsync(center.Id, center.TimeZone, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Caught up on {Count} reconciliation runs missed while the service was down")]
    private static partial void LogCaughtUp(ILogger logger, int count);
}
