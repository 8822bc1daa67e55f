using Cimer.Sbrt.Api.Data;
using Quartz;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// Runs the delivery job right after a commit that wrote deliveries, instead of at the next poll.
/// Wake-ups coalesce: while one is pending (the job has not started since), another adds nothing.
/// </summary>
internal sealed partial class WebhookWake(ISchedulerFactory schedulers, ILogger<WebhookWake> logger) : ICommitListener
{
    private int pending;

    public void Committed(IReadOnlyCollection<string> signals)
    {
        if (signals.Contains(Outbox.Signal) && Interlocked.Exchange(ref pending, 1) == 0)
        {
            _ = TriggerAsync();
        }
    }

    /// <summary>Called by the job as it starts: what commits after this must wake it again.</summary>
    public void Clear() => Interlocked.Exchange(ref pending, 0);

    private async Task TriggerAsync()
    {
        try
        {
            var scheduler = await schedulers.GetScheduler();
            await scheduler.TriggerJob(WebhookDeliveryJob.Key);
        }
        catch (SchedulerException exception)
        {
            // Starting or shutting down: the poll trigger picks the deliveries up.
            Clear();
            LogWakeFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not wake the webhook delivery job")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception);
}
