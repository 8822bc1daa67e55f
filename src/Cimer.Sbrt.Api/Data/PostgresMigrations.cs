using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;
using Npgsql;

namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// Applies the embedded <c>Data/migrations-postgres/NNN_name.sql</c> scripts not yet recorded in
/// <c>schema_version</c>, in number order, each in one transaction with its row. The whole run holds
/// a session-level <c>pg_advisory_lock</c>, so of two instances starting together one migrates and the
/// other waits, then finds every script recorded and applies none. The lock goes with the connection,
/// so an instance that dies while migrating frees it.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>The advisory lock key: "SBRTMIGR" in ASCII, a number no other lock of the service uses.</summary>
    public const long LockKey = 0x5342_5254_4D49_4752;

    private const string Prefix = "migrations-postgres/";

    // applied_utc is the service's clock, as ISO text like every instant here: never the database's now().
    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     bigint PRIMARY KEY,
            name        text NOT NULL,
            applied_utc text NOT NULL
        );
        """;

    private const string RecordVersion = """
        INSERT INTO schema_version (version, name, applied_utc) VALUES (@Version, @Name, @AppliedUtc);
        """;

    /// <summary>Applies what is missing; returns the versions this call applied (none when another instance did).</summary>
    public static async Task<IReadOnlyList<long>> ApplyAsync(string connectionString, IClock clock, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key);", new { key = LockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateVersionTable, cancellationToken: cancellationToken));
            var recorded = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_version;", cancellationToken: cancellationToken))).ToHashSet();
            var applied = new List<long>();
            // Every script not yet recorded, not only those above the highest (see migrations/README.md).
            foreach (var (version, name, script) in Scripts().Where(s => !recorded.Contains(s.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var command = new NpgsqlCommand(script, connection, transaction))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    RecordVersion, new { Version = version, Name = name, AppliedUtc = WireFormat.ToUtc(clock.GetCurrentInstant()) }, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                applied.Add(version);
            }

            return applied;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key);", new { key = LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>The embedded scripts, in number order.</summary>
    public static IEnumerable<(long Version, string Name, string Script)> Scripts() => Migrations.Embedded(Prefix);
}
