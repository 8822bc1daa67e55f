using System.Data;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Idempotency;

/// <summary>A key held by another request (PostgreSQL): its state, 'running' or 'done', and its request's fingerprint.</summary>
internal sealed record HeldKey(string State, string Fingerprint);

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

    // PostgreSQL keeps keys in flight in the table too (state 'running'): only a finished answer is replayed.
    private const string SelectLivePostgres = """
        SELECT fingerprint, status, location, etag, content_type, body, protected FROM idempotency
        WHERE subject = @subject AND key = @key AND expires_utc > @nowUtc AND state = 'done';
        """;

    /// <summary>How long a claim stays a claim if its instance dies without finishing or releasing it and the claim names no liveness lock.</summary>
    public static readonly Duration Lease = Duration.FromMinutes(5);

    // A claim (PostgreSQL): a 'running' row, seen by every instance, naming the claiming instance's liveness
    // lock (InstanceLiveness). An expired answer is taken over, and so is a claim whose instance died: its
    // liveness lock is no longer held (at once), or, for a claim that names none, its lease has passed. A live
    // claim is left alone and read back instead.
    private const string Claim = """
        INSERT INTO idempotency (subject, key, fingerprint, state, lease_until_utc, owner, created_utc, expires_utc)
        VALUES (@subject, @key, @fingerprint, 'running', @leaseUtc, @owner, @nowUtc, @expiresUtc)
        ON CONFLICT (subject, key) DO UPDATE SET
            fingerprint = excluded.fingerprint, state = 'running', lease_until_utc = excluded.lease_until_utc, owner = excluded.owner,
            status = NULL, location = NULL, etag = NULL, content_type = NULL, body = NULL, protected = 0,
            created_utc = excluded.created_utc, expires_utc = excluded.expires_utc
        WHERE idempotency.expires_utc <= @nowUtc
           OR (idempotency.state = 'running' AND idempotency.lease_until_utc <= @nowUtc)
           OR (idempotency.state = 'running' AND idempotency.owner IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid = @livenessNamespace::oid AND l.objid = idempotency.owner::oid))
        RETURNING fingerprint;
        """;

    private const string SelectHeld = "SELECT state, fingerprint FROM idempotency WHERE subject = @subject AND key = @key;";

    // A claim whose request kept no answer (a 5xx, an exception): the key is free again at once.
    private const string Release = "DELETE FROM idempotency WHERE subject = @subject AND key = @key AND state = 'running';";

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

    // The answer replaces the claim: state 'done', no lease, no owner.
    private const string UpsertPostgres = """
        INSERT INTO idempotency (subject, key, fingerprint, state, status, location, etag, content_type, body, protected, created_utc, expires_utc)
        VALUES (@subject, @key, @Fingerprint, 'done', @Status, @Location, @Etag, @ContentType, @Body, @Protected, @nowUtc, @expiresUtc)
        ON CONFLICT (subject, key) DO UPDATE SET
            fingerprint = excluded.fingerprint, state = 'done', lease_until_utc = NULL, owner = NULL, status = excluded.status, location = excluded.location,
            etag = excluded.etag, content_type = excluded.content_type, body = excluded.body, protected = excluded.protected,
            created_utc = excluded.created_utc, expires_utc = excluded.expires_utc;
        """;

    /// <summary>
    /// PostgreSQL: claims the key for this request (null), or returns who holds it: a request still running
    /// (on this instance or another), or a finished answer to replay.
    /// </summary>
    public static async Task<HeldKey?> ClaimAsync(IDbConnection connection, string subject, string key, string fingerprint, int? owner, Instant now, CancellationToken ct)
    {
        var claimed = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(Claim, new
        {
            subject,
            key,
            fingerprint,
            owner = (long?)owner,
            livenessNamespace = (long)InstanceLiveness.Namespace,
            leaseUtc = WireFormat.ToUtcMillis(now + Lease),
            nowUtc = WireFormat.ToUtcMillis(now),
            expiresUtc = WireFormat.ToUtcMillis(now + Lifetime),
        }, cancellationToken: ct));
        return claimed is not null
            ? null
            : await connection.QuerySingleOrDefaultAsync<HeldKey>(new CommandDefinition(SelectHeld, new { subject, key }, cancellationToken: ct))
              ?? new HeldKey("done", "");
    }

    /// <summary>PostgreSQL: frees a claim that ended without an answer kept (a kept answer is 'done' and stays).</summary>
    public static Task ReleaseAsync(IDbConnection connection, string subject, string key) =>
        connection.ExecuteAsync(new CommandDefinition(Release, new { subject, key }, cancellationToken: CancellationToken.None));

    public static Task<KeptAnswer?> FindAsync(IDbConnection connection, string subject, string key, Instant now, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<KeptAnswer>(new CommandDefinition(connection.Pick(SelectLive, SelectLivePostgres), new { subject, key, nowUtc = WireFormat.ToUtcMillis(now) }, cancellationToken: ct));

    /// <summary>Keeps the answer in the caller's transaction, and purges every expired one.</summary>
    public static async Task KeepAsync(IDbConnection connection, IDbTransaction transaction, string subject, string key, KeptAnswer answer, Instant now, CancellationToken ct)
    {
        var nowUtc = WireFormat.ToUtcMillis(now);
        await connection.ExecuteAsync(new CommandDefinition(DeleteExpired, new { nowUtc }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(connection.Pick(Upsert, UpsertPostgres), new
        {
            subject,
            key,
            answer.Fingerprint,
            answer.Status,
            answer.Location,
            answer.Etag,
            answer.ContentType,
            answer.Body,
            Protected = answer.Protected ? 1L : 0L,
            nowUtc,
            expiresUtc = WireFormat.ToUtcMillis(now + Lifetime),
        }, transaction, cancellationToken: ct));
    }
}
