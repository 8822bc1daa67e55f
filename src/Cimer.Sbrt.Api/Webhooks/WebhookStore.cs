using Dapper;

namespace Cimer.Sbrt.Api.Webhooks;

internal sealed class SubscriptionRow
{
    public string Id { get; init; } = "";
    public string Url { get; init; } = "";
    public string Events { get; init; } = "[]";
    public string Secret { get; init; } = "";
    public string CreatedUtc { get; init; } = "";
    public string? DisabledUtc { get; init; }
}

internal sealed class AttemptRow
{
    public string EventId { get; init; } = "";
    public string Type { get; init; } = "";
    public long Attempt { get; init; }
    public string AtUtc { get; init; } = "";
    public long? StatusCode { get; init; }
    public string? Error { get; init; }
    public string? NextAttemptUtc { get; init; }
    public string Outcome { get; init; } = "";
}

/// <summary>Subscriptions and their delivery attempts.</summary>
internal static class WebhookStore
{
    private const string Columns = "id, url, events, secret, created_utc, disabled_utc";

    private const string Insert = """
        INSERT INTO webhook_subscriptions (id, url, events, secret, created_utc)
        VALUES (@Id, @Url, @Events, @Secret, @CreatedUtc);
        """;

    private const string SelectAll = $"SELECT {Columns} FROM webhook_subscriptions ORDER BY created_utc, id;";

    private const string SelectOne = $"SELECT {Columns} FROM webhook_subscriptions WHERE id = @id;";

    // Deliveries and attempts go with it (ON DELETE CASCADE); the outbox keeps the events.
    private const string Delete = "DELETE FROM webhook_subscriptions WHERE id = @id;";

    private const string SelectAttempts = """
        SELECT e.id AS event_id, e.type, a.attempt, a.at_utc, a.status_code, a.error, a.next_attempt_utc, a.outcome
        FROM webhook_attempts a JOIN outbox_events e ON e.seq = a.event_seq
        WHERE a.subscription_id = @id
        ORDER BY a.event_seq, a.attempt
        LIMIT @limit;
        """;

    public static Task AddAsync(DbConnection connection, DbTransaction transaction, SubscriptionRow row, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Insert, row, transaction, cancellationToken: ct));

    public static async Task<IReadOnlyList<SubscriptionRow>> AllAsync(DbConnection connection, CancellationToken ct) =>
        [.. await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(SelectAll, cancellationToken: ct))];

    public static Task<SubscriptionRow?> FindAsync(DbConnection connection, string id, CancellationToken ct, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(SelectOne, new { id }, transaction, cancellationToken: ct));

    public static async Task<bool> DeleteAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(Delete, new { id }, transaction, cancellationToken: ct)) > 0;

    public static async Task<IReadOnlyList<AttemptRow>> AttemptsAsync(DbConnection connection, string id, int limit, CancellationToken ct) =>
        [.. await connection.QueryAsync<AttemptRow>(new CommandDefinition(SelectAttempts, new { id, limit }, cancellationToken: ct))];
}
