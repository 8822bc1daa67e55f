using System.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Webhooks;

internal static class WebhookStore
{
    private const string InsertSubscription = """
        INSERT INTO webhook_subscriptions (id, url, events, secret, status, created_utc)
        VALUES (@Id, @Url, @Events, @Secret, 'active', @CreatedUtc);
        """;

    private const string SelectSubscription = """
        SELECT id, url, events, secret, status, disabled_reason, created_utc
        FROM webhook_subscriptions WHERE id = @id AND deleted_utc IS NULL;
        """;

    private const string DeleteSubscription = """
        UPDATE webhook_subscriptions SET deleted_utc = @nowUtc WHERE id = @id AND deleted_utc IS NULL;
        """;

    private const string DisableSubscription = """
        UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = @reason WHERE id = @id AND status = 'active';
        """;

    // Per subscription and plan only the oldest pending delivery may go: events arrive in plan order.
    private const string SelectDue = """
        SELECT d.id, d.subscription_id, s.url, s.secret, e.id AS message_id, e.body, d.attempts, d.created_utc
        FROM webhook_deliveries d
        JOIN outbox_events e ON e.seq = d.event_seq
        JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.status = 'pending' AND d.next_attempt_utc <= @nowUtc
          AND s.status = 'active' AND s.deleted_utc IS NULL
          AND d.event_seq = (SELECT MIN(p.event_seq) FROM webhook_deliveries p
                             WHERE p.subscription_id = d.subscription_id AND p.plan_id = d.plan_id AND p.status = 'pending')
        ORDER BY d.event_seq
        LIMIT @limit;
        """;

    private const string InsertAttempt = """
        INSERT INTO webhook_attempts (delivery_id, number, at_utc, status_code, error, duration_ms)
        VALUES (@DeliveryId, @Number, @AtUtc, @StatusCode, @Error, @DurationMs);
        """;

    private const string UpdateDelivery = """
        UPDATE webhook_deliveries
        SET status = @Status, attempts = @Number, next_attempt_utc = @NextAttemptUtc,
            last_status_code = @StatusCode, last_error = @Error, completed_utc = @CompletedUtc
        WHERE id = @DeliveryId AND status = 'pending';
        """;

    private const string SelectDeliveries = """
        SELECT d.id, e.id AS message_id, e.type, d.plan_id, d.status, d.attempts, d.next_attempt_utc,
               d.last_status_code, d.last_error, d.completed_utc, d.created_utc
        FROM webhook_deliveries d JOIN outbox_events e ON e.seq = d.event_seq
        WHERE d.subscription_id = @subscriptionId
        ORDER BY d.event_seq DESC
        LIMIT @limit;
        """;

    private const string SelectAttempts = """
        SELECT a.delivery_id, a.number, a.at_utc, a.status_code, a.error, a.duration_ms
        FROM webhook_attempts a
        WHERE a.delivery_id IN (SELECT value FROM json_each(@ids))
        ORDER BY a.delivery_id, a.number;
        """;

    public static Task AddAsync(IDbConnection connection, IDbTransaction transaction, SubscriptionRow subscription, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertSubscription, subscription, transaction, cancellationToken: ct));

    public static async Task<SubscriptionRow> GetAsync(IDbConnection connection, string id, CancellationToken ct, IDbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(SelectSubscription, new { id }, transaction, cancellationToken: ct))
        ?? throw Problems.NotFound("webhook", id);

    public static async Task DeleteAsync(IDbConnection connection, IDbTransaction transaction, string id, Instant now, CancellationToken ct)
    {
        if (await connection.ExecuteAsync(new CommandDefinition(DeleteSubscription, new { id, nowUtc = WireFormat.ToUtc(now) }, transaction, cancellationToken: ct)) == 0)
        {
            throw Problems.NotFound("webhook", id);
        }
    }

    public static async Task<IReadOnlyList<DueDelivery>> DueAsync(IDbConnection connection, Instant now, int limit, CancellationToken ct) =>
        [.. await connection.QueryAsync<DueDelivery>(new CommandDefinition(SelectDue, new { nowUtc = WireFormat.ToUtc(now), limit }, cancellationToken: ct))];

    /// <summary>Records one attempt and what it decided, in the caller's transaction.</summary>
    public static async Task RecordAsync(
        IDbConnection connection, IDbTransaction transaction, DueDelivery delivery, Instant at, AttemptResult result,
        AttemptVerdict verdict, Instant? next, CancellationToken ct)
    {
        var number = delivery.Attempts + 1;
        await connection.ExecuteAsync(new CommandDefinition(InsertAttempt, new
        {
            DeliveryId = delivery.Id,
            Number = number,
            AtUtc = WireFormat.ToUtc(at),
            result.StatusCode,
            result.Error,
            result.DurationMs,
        }, transaction, cancellationToken: ct));
        var done = verdict != AttemptVerdict.Retry;
        await connection.ExecuteAsync(new CommandDefinition(UpdateDelivery, new
        {
            DeliveryId = delivery.Id,
            Status = verdict switch
            {
                AttemptVerdict.Delivered => "delivered",
                AttemptVerdict.Retry => "pending",
                _ => "failed",
            },
            Number = number,
            NextAttemptUtc = WireFormat.ToUtc(next ?? at),
            result.StatusCode,
            Error = verdict == AttemptVerdict.Gone ? "410 Gone: the subscription is disabled." : result.Error,
            CompletedUtc = done ? WireFormat.ToUtc(at) : null,
        }, transaction, cancellationToken: ct));
        if (verdict == AttemptVerdict.Gone)
        {
            await connection.ExecuteAsync(new CommandDefinition(DisableSubscription, new
            {
                id = delivery.SubscriptionId,
                reason = $"The receiver answered 410 Gone at {WireFormat.ToUtc(at)}.",
            }, transaction, cancellationToken: ct));
        }
    }

    public static async Task<(IReadOnlyList<DeliveryRow> Deliveries, ILookup<string, AttemptRow> Attempts)> DeliveriesAsync(
        IDbConnection connection, string subscriptionId, int limit, CancellationToken ct)
    {
        var deliveries = (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(SelectDeliveries, new { subscriptionId, limit }, cancellationToken: ct))).ToList();
        var ids = System.Text.Json.JsonSerializer.Serialize(deliveries.Select(d => d.Id));
        var attempts = await connection.QueryAsync<AttemptRow>(new CommandDefinition(SelectAttempts, new { ids }, cancellationToken: ct));
        return (deliveries, attempts.ToLookup(a => a.DeliveryId));
    }
}
