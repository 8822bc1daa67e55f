using System.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Idempotency;

/// <summary>The first answer to a keyed POST, as kept for replay.</summary>
internal sealed class KeptAnswer
{
    public string Fingerprint { get; init; } = "";
    public long Status { get; init; }
    public string? Location { get; init; }
    public string? Etag { get; init; }
    public string? ContentType { get; init; }
    public byte[] Body { get; init; } = [];

    /// <summary>True when <see cref="Body"/> is encrypted (<see cref="SecretAnswer"/>).</summary>
    public bool Protected { get; init; }
}

internal static class IdempotencyStore
{
    /// <summary>How long an answer is replayed.</summary>
    public static readonly Duration Lifetime = Duration.FromHours(24);

    private const string SelectLive = """
        SELECT fingerprint, status, location, etag, content_type, body, protected FROM idempotency
        WHERE subject = @subject AND key = @key AND expires_utc > @nowUtc;
        """;

    private const string DeleteExpired = "DELETE FROM idempotency WHERE expires_utc <= @nowUtc;";

    // An expired answer to the same key (not purged yet) is replaced.
    private const string Upsert = """
        INSERT INTO idempotency (subject, key, fingerprint, status, location, etag, content_type, body, protected, created_utc, expires_utc)
        VALUES (@subject, @key, @Fingerprint, @Status, @Location, @Etag, @ContentType, @Body, @Protected, @nowUtc, @expiresUtc)
        ON CONFLICT (subject, key) DO UPDATE SET
            fingerprint = excluded.fingerprint, status = excluded.status, location = excluded.location,
            etag = excluded.etag, content_type = excluded.content_type, body = excluded.body, protected = excluded.protected,
            created_utc = excluded.created_utc, expires_utc = excluded.expires_utc;
        """;

    public static Task<KeptAnswer?> FindAsync(IDbConnection connection, string subject, string key, Instant now, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<KeptAnswer>(new CommandDefinition(SelectLive, new { subject, key, nowUtc = WireFormat.ToUtcMillis(now) }, cancellationToken: ct));

    /// <summary>Keeps the answer in the caller's transaction, and purges every expired one.</summary>
    public static async Task KeepAsync(IDbConnection connection, IDbTransaction transaction, string subject, string key, KeptAnswer answer, Instant now, CancellationToken ct)
    {
        var nowUtc = WireFormat.ToUtcMillis(now);
        await connection.ExecuteAsync(new CommandDefinition(DeleteExpired, new { nowUtc }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(Upsert, new
        {
            subject,
            key,
            answer.Fingerprint,
            answer.Status,
            answer.Location,
            answer.Etag,
            answer.ContentType,
            answer.Body,
            answer.Protected,
            nowUtc,
            expiresUtc = WireFormat.ToUtcMillis(now + Lifetime),
        }, transaction, cancellationToken: ct));
    }
}
