using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>A pending delivery that may be sent now, with what signing and sending need.</summary>
internal sealed class DueDelivery
{
    public string SubscriptionId { get; init; } = "";
    public long EventSeq { get; init; }
    public long Attempts { get; init; }
    public string EventId { get; init; } = "";
    public string Payload { get; init; } = "";
    public long CreatedMs { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
}

/// <summary>What one attempt came to.</summary>
internal sealed record AttemptResult(string Outcome, Instant At, int? StatusCode, string? Error, Instant? Next)
{
    public static AttemptResult Delivered(Instant at, int status) => new("delivered", at, status, null, null);

    public static AttemptResult Disabled(Instant at, int status) => new("disabled", at, status, null, null);

    public static AttemptResult Failed(Instant at, int? status, string? error) => new("failed", at, status, error, null);

    public static AttemptResult Retrying(Instant at, int? status, string? error, Instant next) => new("retrying", at, status, error, next);
}

/// <summary>The SQL of the delivery pass: what is due, and each attempt's record.</summary>
internal static class DeliveryQueue
{
    // Only the earliest pending event per subscription and plan: a later one waits for it.
    private const string SelectDue = """
        SELECT d.subscription_id, d.event_seq, d.attempts, e.id AS event_id, e.payload, e.created_ms, s.url, s.secret
        FROM webhook_deliveries d
        JOIN outbox_events e ON e.seq = d.event_seq
        JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.status = 'pending' AND d.next_attempt_ms <= @nowMs AND s.disabled_utc IS NULL
          AND NOT EXISTS (
              SELECT 1 FROM webhook_deliveries x
              WHERE x.subscription_id = d.subscription_id AND x.plan_id = d.plan_id
                AND x.status = 'pending' AND x.event_seq < d.event_seq)
        ORDER BY d.event_seq
        LIMIT @limit;
        """;

    // PostgreSQL, where several instances run passes: the same rows, claimed. FOR UPDATE SKIP LOCKED lets
    // two passes at once take disjoint rows; claimed_until_ms keeps them this pass's while it sends.
    private const string ClaimDuePostgres = """
        WITH due AS (
            SELECT d.subscription_id, d.event_seq
            FROM webhook_deliveries d
            JOIN webhook_subscriptions s ON s.id = d.subscription_id
            WHERE d.status = 'pending' AND d.next_attempt_ms <= @nowMs AND s.disabled_utc IS NULL
              AND (d.claimed_until_ms IS NULL OR d.claimed_until_ms <= @nowMs)
              AND NOT EXISTS (
                  SELECT 1 FROM webhook_deliveries x
                  WHERE x.subscription_id = d.subscription_id AND x.plan_id = d.plan_id
                    AND x.status = 'pending' AND x.event_seq < d.event_seq)
            ORDER BY d.event_seq
            LIMIT @limit
            FOR UPDATE OF d SKIP LOCKED)
        UPDATE webhook_deliveries d SET claimed_until_ms = @claimUntilMs
        FROM due, outbox_events e, webhook_subscriptions s
        WHERE d.subscription_id = due.subscription_id AND d.event_seq = due.event_seq
          AND e.seq = d.event_seq AND s.id = d.subscription_id
        RETURNING d.subscription_id, d.event_seq, d.attempts, e.id AS event_id, e.payload, e.created_ms, s.url, s.secret;
        """;

    // Nothing is recorded for a subscription deleted while the attempt was on the wire.
    private const string InsertAttempt = """
        INSERT INTO webhook_attempts (subscription_id, event_seq, attempt, at_utc, status_code, error, next_attempt_utc, outcome)
        SELECT d.subscription_id, d.event_seq, d.attempts + 1, @AtUtc, @StatusCode, @Error, @NextUtc, @Outcome
        FROM webhook_deliveries d
        WHERE d.subscription_id = @SubscriptionId AND d.event_seq = @EventSeq AND d.status = 'pending';
        """;

    private const string UpdateDelivery = """
        UPDATE webhook_deliveries
        SET attempts = attempts + 1, status = @Status, next_attempt_ms = COALESCE(@NextMs, next_attempt_ms)
        WHERE subscription_id = @SubscriptionId AND event_seq = @EventSeq AND status = 'pending';
        """;

    private const string UpdateDeliveryPostgres = """
        UPDATE webhook_deliveries
        SET attempts = attempts + 1, status = @Status, next_attempt_ms = COALESCE(@NextMs, next_attempt_ms), claimed_until_ms = NULL
        WHERE subscription_id = @SubscriptionId AND event_seq = @EventSeq AND status = 'pending';
        """;

    private const string DisableSubscription = """
        UPDATE webhook_subscriptions SET disabled_utc = @AtUtc WHERE id = @SubscriptionId AND disabled_utc IS NULL;
        """;

    private const string DisablePending = """
        UPDATE webhook_deliveries SET status = 'disabled' WHERE subscription_id = @SubscriptionId AND status = 'pending';
        """;

    /// <summary>
    /// What is due now, at most <paramref name="limit"/>, in event order; on PostgreSQL claimed for this pass
    /// until <paramref name="claimUntilMs"/> (committed at once: the caller reads outside a transaction).
    /// </summary>
    public static async Task<IReadOnlyList<DueDelivery>> DueAsync(DbConnection connection, long nowMs, int limit, long claimUntilMs, CancellationToken ct) =>
        [.. (await connection.QueryAsync<DueDelivery>(new CommandDefinition(
            connection.Pick(SelectDue, ClaimDuePostgres), new { nowMs, limit, claimUntilMs }, cancellationToken: ct))).OrderBy(d => d.EventSeq)];

    public static async Task RecordAsync(DbConnection connection, DbTransaction transaction, DueDelivery delivery, AttemptResult result, CancellationToken ct)
    {
        var row = new
        {
            delivery.SubscriptionId,
            delivery.EventSeq,
            AtUtc = WireFormat.ToUtc(result.At),
            result.StatusCode,
            result.Error,
            NextUtc = result.Next is { } next ? WireFormat.ToUtc(next) : null,
            NextMs = result.Next?.ToUnixTimeMilliseconds(),
            result.Outcome,
            Status = result.Outcome == "retrying" ? "pending" : result.Outcome,
        };
        await connection.ExecuteAsync(new CommandDefinition(InsertAttempt, row, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(connection.Pick(UpdateDelivery, UpdateDeliveryPostgres), row, transaction, cancellationToken: ct));
        if (result.Outcome == "disabled")
        {
            // Audited once, by the attempt that disabled it: a change to the subscription, not bookkeeping.
            if (await connection.ExecuteAsync(new CommandDefinition(DisableSubscription, row, transaction, cancellationToken: ct)) > 0)
            {
                await AuditTrail.RecordAsync(connection, transaction, Actor.Webhooks, result.At, new AuditEntry(
                    "webhook.disabled", AuditEntities.Webhook, delivery.SubscriptionId, null, new { id = delivery.SubscriptionId, disabledAt = row.AtUtc },
                    $"The receiver answered {result.StatusCode} Gone."), ct);
            }

            await connection.ExecuteAsync(new CommandDefinition(DisablePending, row, transaction, cancellationToken: ct));
        }
    }
}
