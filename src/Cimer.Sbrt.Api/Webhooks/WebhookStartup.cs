using Cimer.Sbrt.Api.Jobs;
using Microsoft.Extensions.Options;
using Quartz;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>Lays the delivery job's repeating trigger at start, unless <c>Jobs:Enabled</c> is false (tests run passes themselves).</summary>
internal sealed class WebhookStartup(ISchedulerFactory schedulers, IOptions<JobsOptions> jobs, IOptions<WebhooksOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!jobs.Value.Enabled)
        {
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var interval = TimeSpan.FromSeconds(options.Value.PollSeconds);
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(WebhookJob.TriggerKey)
            .ForJob(WebhookJob.Key)
            .StartAt(scheduler.TimeProvider.GetUtcNow() + interval)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever())
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
