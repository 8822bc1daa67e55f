using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// Sends due deliveries until none is left: reads the head of every (subscription, plan) queue,
/// posts them at once (at most <see cref="WebhookOptions.Concurrency"/>), and records every attempt
/// and its verdict in one transaction. At least once: a crash between a send and its record sends it
/// again, with the same <c>webhook-id</c>. Idempotent, so the poll trigger and wake-ups may overlap.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class WebhookDeliveryJob(
    Database database, WebhookSender sender, WebhookWake wake, IClock clock, IOptions<WebhookOptions> options, ILogger<WebhookDeliveryJob> logger) : IJob
{
    public static readonly JobKey Key = new("webhook-delivery", "webhooks");

    private readonly WebhookOptions settings = options.Value;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        wake.Clear();
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = await database.ReadAsync(connection => WebhookStore.DueAsync(connection, clock.GetCurrentInstant(), settings.BatchSize, cancellationToken));
            if (due.Count == 0)
            {
                return;
            }

            var results = await SendAllAsync(due, cancellationToken);
            await database.WriteAsync(async (connection, transaction) =>
            {
                foreach (var (delivery, at, result) in results)
                {
                    var (verdict, next) = WebhookRetries.Decide(
                        result.StatusCode, result.RetryAfter, (int)delivery.Attempts + 1, WireFormat.FromUtc(delivery.CreatedUtc), at, settings, Random.Shared.NextDouble());
                    await WebhookStore.RecordAsync(connection, transaction, delivery, at, result, verdict, next, cancellationToken);
                    if (verdict != AttemptVerdict.Delivered)
                    {
                        LogNotDelivered(logger, delivery.MessageId, delivery.Url, result.StatusCode, result.Error, verdict);
                    }
                }
            }, CancellationToken.None);
        }
    }

    private async Task<List<(DueDelivery Delivery, Instant At, AttemptResult Result)>> SendAllAsync(IReadOnlyList<DueDelivery> due, CancellationToken ct)
    {
        var results = new (DueDelivery, Instant, AttemptResult)[due.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, due.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var at = clock.GetCurrentInstant();
                results[i] = (due[i], at, await sender.SendAsync(due[i], at, token));
            });
        return [.. results];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {MessageId} to {Url} not delivered: {StatusCode} {Error} ({Verdict})")]
    private static partial void LogNotDelivered(ILogger logger, string messageId, string url, int? statusCode, string? error, AttemptVerdict verdict);
}
