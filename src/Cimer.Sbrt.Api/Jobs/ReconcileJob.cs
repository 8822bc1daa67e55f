using Quartz;

namespace Cimer.Sbrt.Api.Jobs;

/// <summary>
/// The nightly reconciliation of one center, fired by the center's cron trigger (its id in the
/// trigger's data). Thin: the work and its idempotence live in <see cref="Reconciliation"/>.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ReconcileJob(Reconciliation reconciliation) : IJob
{
    public const string CenterIdKey = "centerId";

    public static readonly JobKey Key = new("reconcile", "cimer-sbrt");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var centerId = context.MergedJobDataMap.GetString(CenterIdKey)
            ?? throw new JobExecutionException($"Trigger {context.Trigger.Key} names no {CenterIdKey}.");
        await reconciliation.RunDueAsync(centerId, cancellationToken);
    }
}
