using System.Data;
using Cimer.Sbrt.Api.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// Opens connections to the configured provider (<see cref="DatabaseOptions.Provider"/>) and runs each
/// change as one write transaction: read, decide, write, commit. On SQLite that is <c>BEGIN IMMEDIATE</c>,
/// one writer per file. On PostgreSQL, where several instances share the database, the in-process write
/// gate is not enough: every write transaction first takes <c>pg_advisory_xact_lock(</c><see cref="WriteLockKey"/><c>)</c>,
/// so writes are serialized across instances exactly as SQLite serializes them, and the lock goes with
/// the transaction (commit, rollback or a dead instance's dropped connection).
/// </summary>
internal sealed class Database(IOptions<DatabaseOptions> options) : IDisposable
{
    /// <summary>The PostgreSQL advisory lock every write transaction holds: "SBRTWRIT" in ASCII.</summary>
    public const long WriteLockKey = 0x5342_5254_5752_4954;

    // FULL: a booking acknowledged with 201 survives a power cut. The busy timeout covers other
    // processes on the same file; inside this process the write gate queues writers without
    // blocking thread-pool threads in SQLite's busy loop.
    private const string Pragmas = """
        PRAGMA foreign_keys = ON;
        PRAGMA synchronous = FULL;
        PRAGMA busy_timeout = 10000;
        """;

    /// <summary>
    /// Attempts in all: one decision on a snapshot, then one under the write gate. Concurrent plans at one
    /// center mostly want the same best slots, so a second snapshot round mostly collides again: measured,
    /// four attempts ran no faster than the lock alone, two ran 1.6-1.9 times as fast.
    /// </summary>
    public const int DecisionAttempts = 2;

    private readonly string connectionString = options.Value.ConnectionString;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly NpgsqlDataSource? postgres = options.Value.Provider == DatabaseProvider.Postgres
        ? NpgsqlDataSource.Create(PostgresConnectionString(options.Value.ConnectionString))
        : null;

    /// <summary>Statements a PostgreSQL connection prepares once it has run them a few times, unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 100;

    /// <summary>
    /// The connection string the service's pool uses: as configured, with Npgsql's automatic preparation on
    /// when it is not set. Every request runs the same few dozen statements, and PostgreSQL otherwise parses
    /// and plans each anew (tests/load/postgres.sh: 33 to 45 plans/s with one instance, 29 to 35 with two).
    /// `Max Auto Prepare=0` turns it off, as a transaction-pooling PgBouncer older than 1.21 needs.
    /// </summary>
    public static string PostgresConnectionString(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);
        // Npgsql's builder answers every keyword it knows; a plain one holds only what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = configured };
        if (!written.ContainsKey("Max Auto Prepare") && !written.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    public DatabaseProvider Provider => postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    /// <summary>An open connection of the configured provider.</summary>
    public DbConnection Open() => postgres is null ? OpenSqlite() : postgres.OpenConnection();

    /// <summary>
    /// An open connection, waiting for a free one without blocking a thread: on PostgreSQL the pool is
    /// bounded, and requests blocked in a synchronous open starve the very thread pool the holders of
    /// its connections need to finish and give them back.
    /// </summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        postgres is null ? OpenSqlite() : await postgres.OpenConnectionAsync(cancellationToken);

    /// <summary>The SQLite connection itself, for what only SQLite has (its migrations, BEGIN IMMEDIATE).</summary>
    public SqliteConnection OpenSqlite()
    {
        if (postgres is not null)
        {
            throw new InvalidOperationException("Database:Provider is Postgres: there is no SQLite connection to open.");
        }

        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read)
    {
        await using var connection = await OpenAsync();
        return await read(connection);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction (Microsoft.Data.Sqlite
    /// issues it for <c>BeginTransaction(deferred: false)</c>) and commits when it returns.
    /// An exception rolls everything back: a 4xx changes nothing. Under an open
    /// <see cref="DeferredCommit"/> (a POST with an Idempotency-Key) the transaction is handed to it
    /// uncommitted, so the answer the request gives is committed with the change; such a request
    /// writes once.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        if (DeferredCommit.Current is { HoldsTransaction: true })
        {
            throw new InvalidOperationException("A request under an Idempotency-Key writes once: its first write still holds the write gate.");
        }

        await writeGate.WaitAsync(cancellationToken);
        DbConnection? connection = null;
        DbTransaction? transaction = null;
        var handedOver = false;
        try
        {
            connection = await OpenAsync(cancellationToken);
            transaction = await BeginWriteAsync(connection, cancellationToken);
            var result = await work(connection, transaction);
            handedOver = DeferredCommit.Current?.TryAdopt(connection, transaction, () => writeGate.Release()) == true;
            if (!handedOver)
            {
                await transaction.CommitAsync(CancellationToken.None);
            }

            return result;
        }
        finally
        {
            if (!handedOver)
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync();
                }

                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }

                writeGate.Release();
            }
        }
    }

    /// <summary>
    /// A change decided outside the write gate. <paramref name="decide"/> reads one consistent snapshot
    /// (a read transaction: WAL keeps it still while others commit) and decides, concurrently with other
    /// requests; the gate is then held only for <paramref name="write"/>, which checks that what the
    /// decision depended on has not changed and writes, or returns false and writes nothing. A stale
    /// decision, or a unique index that fires because a concurrent change took the same slot or row, is
    /// decided again from a fresh snapshot; the last of <see cref="DecisionAttempts"/> attempts reads,
    /// decides and writes under the gate as <see cref="WriteAsync{T}"/> does, so a busy center still gets
    /// an answer, and any unique index that fires there is the 409 it always was.
    /// </summary>
    public async Task<TDecision> DecideThenWriteAsync<TDecision>(
        Func<DbConnection, DbTransaction, Task<TDecision>> decide,
        Func<DbConnection, DbTransaction, TDecision, Task<bool>> write,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt < DecisionAttempts; attempt++)
        {
            TDecision decision;
            await using (var connection = await OpenAsync(cancellationToken))
            await using (var snapshot = BeginSnapshot(connection))
            {
                decision = await decide(connection, snapshot);
            }

            try
            {
                return await WriteAsync(async (connection, transaction) =>
                    await write(connection, transaction, decision) ? decision : throw new StaleDecisionException(), cancellationToken);
            }
            catch (StaleDecisionException)
            {
                // What it read changed before the gate was ours: decide again on what is there now.
            }
            catch (DbException taken) when (DatabaseErrors.IsConflict(taken))
            {
                // A concurrent change took a slot (or the patient's one live plan) first: decide again.
            }
        }

        return await WriteAsync(async (connection, transaction) =>
        {
            var decision = await decide(connection, transaction);
            return await write(connection, transaction, decision)
                ? decision
                : throw new InvalidOperationException("A decision made under the write gate cannot be stale.");
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> exactly as <see cref="WriteAsync{T}"/> would, then rolls it back:
    /// a dry run answers what a change would do, computed by the same code, and writes nothing.
    /// </summary>
    public async Task<T> RehearseAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await BeginWriteAsync(connection, cancellationToken);
            var result = await work(connection, transaction);
            await transaction.RollbackAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            writeGate.Release();
        }
    }

    public Task WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await work(connection, transaction);
            return true;
        }, cancellationToken);

    public void Dispose()
    {
        writeGate.Dispose();
        postgres?.Dispose();
    }

    /// <summary>SQLite: <c>BEGIN IMMEDIATE</c>. PostgreSQL: read committed, holding the write lock shared by every instance.</summary>
    private static async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: false);
        }

        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({WriteLockKey});";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    /// <summary>One consistent snapshot to decide on: a deferred SQLite transaction (WAL), a repeatable read PostgreSQL one.</summary>
    private static DbTransaction BeginSnapshot(DbConnection connection) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : connection.BeginTransaction(IsolationLevel.RepeatableRead);
}
