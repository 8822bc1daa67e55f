using Cimer.Sbrt.Api.Data;
using Dapper;

namespace Cimer.Sbrt.Api.Telemetry;

/// <summary>
/// Counts the webhook deliveries still pending (Webhooks/Outbox.cs writes them, DeliveryQueue.cs
/// settles them) for the <c>sbrt.webhooks.backlog</c> gauge, read when a metric reader collects.
/// Read-only; a database that cannot answer gives no measurement rather than a false zero.
/// </summary>
internal sealed partial class WebhookBacklog(Database database, ILogger<WebhookBacklog> logger) : IHostedService
{
    private const string CountPending = "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending';";

    private Func<long?>? observed;

    public long? Count()
    {
        try
        {
            using var connection = database.Open();
            return connection.ExecuteScalar<long>(CountPending);
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or ArgumentException or InvalidOperationException)
        {
            Unreadable(logger, exception);
            return null;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        observed = SbrtMetrics.ObserveBacklog(Count);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (observed is { } read)
        {
            SbrtMetrics.StopObserving(read);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook backlog unreadable: no measurement this time")]
    private static partial void Unreadable(ILogger logger, Exception exception);
}
