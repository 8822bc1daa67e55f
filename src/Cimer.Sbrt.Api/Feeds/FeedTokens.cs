using System.Data;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Cimer.Sbrt.Api.Feeds;

/// <summary>
/// Feed tokens: 32 random bytes (base64url), of which only the SHA-256 is stored. Each grants one
/// feed (a kind and a target id) until revoked.
/// </summary>
internal static class FeedTokens
{
    private const int TokenBytes = 32;

    private const string InsertFeed = """
        INSERT INTO feed_tokens (id, kind, target_id, token_hash, created_utc, created_by, revoked_utc)
        VALUES (@Id, @Kind, @TargetId, @TokenHash, @CreatedUtc, @CreatedBy, NULL);
        """;

    private const string SelectFeeds = """
        SELECT id, kind, target_id, created_utc, created_by, revoked_utc FROM feed_tokens
        ORDER BY created_utc, id;
        """;

    private const string SelectFeed = """
        SELECT id, kind, target_id, created_utc, created_by, revoked_utc FROM feed_tokens WHERE id = @id;
        """;

    // Keeps an earlier revocation time, so revoking twice changes nothing; a matched row still counts.
    private const string RevokeFeed = """
        UPDATE feed_tokens SET revoked_utc = COALESCE(revoked_utc, @revokedUtc) WHERE id = @id;
        """;

    private const string SelectLiveHashes = """
        SELECT token_hash FROM feed_tokens
        WHERE kind = @kind AND target_id = @targetId AND revoked_utc IS NULL;
        """;

    /// <summary>A new token: 32 bytes from the OS's CSPRNG, base64url without padding (43 characters).</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 text: what <c>feed_tokens.token_hash</c> holds.</summary>
    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static Task AddAsync(IDbConnection connection, IDbTransaction transaction, FeedRow feed, string tokenHash, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertFeed, new
        {
            feed.Id,
            feed.Kind,
            feed.TargetId,
            TokenHash = tokenHash,
            feed.CreatedUtc,
            feed.CreatedBy,
        }, transaction, cancellationToken: ct));

    public static async Task<IReadOnlyList<FeedRow>> AllAsync(IDbConnection connection, CancellationToken ct) =>
        [.. await connection.QueryAsync<FeedRow>(new CommandDefinition(SelectFeeds, cancellationToken: ct))];

    public static Task<FeedRow?> FindAsync(IDbConnection connection, IDbTransaction transaction, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<FeedRow>(new CommandDefinition(SelectFeed, new { id }, transaction, cancellationToken: ct));

    /// <summary>Revokes the feed token <paramref name="id"/>; false when there is none.</summary>
    public static async Task<bool> RevokeAsync(IDbConnection connection, IDbTransaction transaction, string id, string revokedUtc, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(RevokeFeed, new { id, revokedUtc }, transaction, cancellationToken: ct)) > 0;

    /// <summary>
    /// Whether <paramref name="token"/> grants the feed <paramref name="kind"/>/<paramref name="targetId"/>:
    /// its SHA-256 equals that of a non-revoked token issued for exactly that kind and target. Hashes
    /// are compared in constant time, and every candidate is compared, so the time taken says nothing
    /// about how much of a guess was right. A null or empty token grants nothing.
    /// </summary>
    /// <remarks>
    /// This answers only the token half. An ICS endpoint should not call it directly: it calls
    /// <see cref="FeedAccess.EnsureCanReadAsync"/> (or <see cref="FeedAccess.CanReadAsync"/>), which also
    /// admits a signed-in reader and turns a refusal into the same 404 as an unknown feed.
    /// </remarks>
    public static async Task<bool> IsGrantedAsync(IDbConnection connection, string kind, string targetId, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var presented = Encoding.ASCII.GetBytes(Hash(token));
        var granted = false;
        foreach (var stored in await connection.QueryAsync<string>(new CommandDefinition(SelectLiveHashes, new { kind, targetId }, cancellationToken: ct)))
        {
            granted |= CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(stored));
        }

        return granted;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
