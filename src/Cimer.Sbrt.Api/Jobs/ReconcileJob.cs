using Quartz;

namespace Cimer.Sbrt.Api.Jobs;

/// <summary>
/// The nightly reconciliation of one center, fired by the center's cron trigger (its id in the
/// trigger's data). Thin: the work and its idempotence live in <see cref="Reconciliation"/>.
/// It says in the log when it fired and on which scheduler instance, before any work (so a firing
/// that finds the date already reconciled is still seen), and what the run did: with several
/// instances on one PostgreSQL database, that is how an operator sees which node ran a center's night.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class ReconcileJob(Reconciliation reconciliation, ILogger<ReconcileJob> logger) : IJob
{
    public const string CenterIdKey = "centerId";

    public static readonly JobKey Key = new("reconcile", "cimer-sbrt");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var centerId = context.MergedJobDataMap.GetString(CenterIdKey)
            ?? throw new JobExecutionException($"Trigger {context.Trigger.Key} names no {CenterIdKey}.");
        var instance = context.Scheduler.SchedulerInstanceId;
        LogFired(logger, centerId, instance, context.ScheduledFireTimeUtc, context.Recovering);
        if (await reconciliation.RunDueAsync(centerId, cancellationToken) is { } run)
        {
            LogRan(logger, centerId, run.Date, instance, run.Flagged, run.Missed);
        }
        else
        {
            LogAlreadyRan(logger, centerId, instance);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation of center {CenterId} fired on scheduler instance {InstanceId} (scheduled {ScheduledUtc:O}, recovering {Recovering})")]
    private static partial void LogFired(ILogger logger, string centerId, string instanceId, DateTimeOffset? scheduledUtc, bool recovering);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation of center {CenterId} for {Date} ran on scheduler instance {InstanceId}: {Flagged} flagged unconfirmed, {Missed} missed")]
    private static partial void LogRan(ILogger logger, string centerId, string date, string instanceId, int flagged, int missed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation of center {CenterId} on scheduler instance {InstanceId}: its due date was already reconciled, nothing changed")]
    private static partial void LogAlreadyRan(ILogger logger, string centerId, string instanceId);
}
