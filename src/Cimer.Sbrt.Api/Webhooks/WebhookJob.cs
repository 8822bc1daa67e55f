using Quartz;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// The delivery pass on a frequent simple trigger (<c>Webhooks:PollSeconds</c>). Idempotent: it
/// sends only what the tables say is pending and due; a pass that overlaps the next is skipped.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class WebhookJob(WebhookDelivery delivery) : IJob
{
    public static readonly JobKey Key = new("webhooks", "cimer-sbrt");

    public static readonly TriggerKey TriggerKey = new("webhooks-poll", "cimer-sbrt");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await delivery.RunAsync(cancellationToken);
}
