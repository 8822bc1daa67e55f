using System.Threading.Channels;
using Quartz;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// Fires the delivery job for <see cref="WebhookKick"/>, off the request: on PostgreSQL Quartz's clustered
/// store writes a trigger row under its cluster-wide lock for every firing, which a request would otherwise
/// wait for (measured: plan creation on PostgreSQL spent most of its time there). Kicks made while one is
/// waiting merge into it; one made while a firing is under way waits for it and fires once more, so every
/// commit is still followed by a firing that starts after it.
/// </summary>
internal sealed partial class WebhookKicks(ISchedulerFactory schedulers, ILogger<WebhookKicks> logger) : BackgroundService
{
    private readonly Channel<bool> pending = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Asks for a delivery pass soon; returns at once.</summary>
    public void Kick() => pending.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var scheduler = await schedulers.GetScheduler(stoppingToken);
                await scheduler.TriggerJob(WebhookJob.Key, stoppingToken);
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                // The poll delivers what this firing would have, a couple of seconds later.
                KickFailed(failed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fire the webhook delivery job at once; the next poll delivers")]
    private partial void KickFailed(Exception exception);
}
