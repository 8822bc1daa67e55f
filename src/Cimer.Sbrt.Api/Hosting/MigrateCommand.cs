using System.Data;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;

namespace Cimer.Sbrt.Api.Hosting;

/// <summary>
/// <c>dotnet Cimer.Sbrt.Api.dll migrate --from-sqlite FILE --to-postgres CONNECTION_STRING</c>: moves a site
/// from SQLite to PostgreSQL. With the service stopped, it migrates the target (the PostgreSQL scripts,
/// under their advisory lock), refuses it unless every service table is empty, then copies every table
/// of the SQLite file (audit chain, idempotency records, webhook outbox and attempts included) in one
/// transaction, keeping ids, versions and times as they are. Before committing it checks every table's
/// row count against the file and verifies the copied audit chain (<see cref="AuditVerification"/>): it
/// must hold, with the file's row count and last hash. Anything amiss rolls everything back.
/// Exit codes: 0 copied, 2 refused (usage, source not fully migrated, target not empty, a check failed).
/// </summary>
internal static class MigrateCommand
{
    public const string Name = "migrate";

    private const string Usage = "usage: migrate --from-sqlite FILE --to-postgres \"Host=...;Database=...;Username=...;Password=...\"";

    // Not the service's data: each side's migration record, and SQLite's own bookkeeping.
    private static readonly HashSet<string> NotCopied = ["schema_version", "sqlite_sequence", "sqlite_stat1"];

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(string[] args, IClock clock, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (!TryParse(args.Skip(1).ToArray(), out var file, out var target))
        {
            error.WriteLine($"migrate: {Usage}");
            return 2;
        }

        if (!File.Exists(file))
        {
            error.WriteLine($"migrate: no SQLite file at {file}");
            return 2;
        }

        try
        {
            return await CopyAsync(file, target, clock, output, error, ct);
        }
        catch (Exception exception) when (exception is DbException or ArgumentException or InvalidOperationException)
        {
            error.WriteLine($"migrate: nothing was copied: {exception.Message}");
            return 2;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task<int> CopyAsync(string file, string target, IClock clock, TextWriter output, TextWriter error, CancellationToken ct)
    {
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
        await source.OpenAsync(ct);
        var missing = Migrations.Scripts().Select(s => s.Version).Except(await source.QueryAsync<long>("SELECT version FROM schema_version;")).ToList();
        if (missing.Count > 0)
        {
            error.WriteLine($"migrate: {file} lacks SQLite migrations {string.Join(", ", missing)}: start this version of the service on it once, stop it, then migrate.");
            return 2;
        }

        await PostgresMigrations.ApplyAsync(target, clock, ct);
        await using var postgres = new NpgsqlConnection(target);
        await postgres.OpenAsync(ct);
        var order = await TablesInForeignKeyOrderAsync(postgres, ct);
        var tables = (await source.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;"))
            .Where(t => !NotCopied.Contains(t)).ToList();
        if (tables.FirstOrDefault(t => !order.Contains(t)) is { } unknown)
        {
            error.WriteLine($"migrate: table {unknown} has no PostgreSQL counterpart in this version's migrations-postgres; nothing was copied.");
            return 2;
        }

        await using var transaction = await postgres.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        foreach (var table in order.Where(t => !t.StartsWith("qrtz_", StringComparison.Ordinal)))
        {
            if (await postgres.ExecuteScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM \"{table}\");", transaction: transaction))
            {
                error.WriteLine($"migrate: the target is not empty (table {table} has rows): it must be a new database. Nothing was copied.");
                return 2;
            }
        }

        var counts = new List<string>();
        foreach (var table in order.Where(tables.Contains))
        {
            var copied = await CopyTableAsync(source, postgres, transaction, table, ct);
            var there = await postgres.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{table}\";", transaction: transaction);
            if (there != copied || copied != await source.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{table}\";"))
            {
                error.WriteLine($"migrate: {table}: {copied} rows read, {there} in the target; nothing was copied.");
                return 2;
            }

            counts.Add($"{table} {copied}");
        }

        await RestoreCountersAsync(source, postgres, transaction, ct);
        var before = await AuditVerification.VerifyAsync(source, ct);
        var after = await AuditVerification.VerifyAsync(postgres, ct);
        if (!after.Holds || after.Rows != before.Rows || after.LastHash != before.LastHash)
        {
            error.WriteLine($"migrate: the copied audit chain does not verify ({after.Reason ?? "rows or last hash differ"}; file: {before.Rows} rows, holds {before.Holds}); nothing was copied.");
            return 2;
        }

        await transaction.CommitAsync(ct);
        output.WriteLine($"migrate: copied {string.Join(", ", counts)}; audit chain holds ({after.Rows} rows, last hash {after.LastHash ?? "none"}).");
        return 0;
    }

    /// <summary>Copies the columns the two tables share, row by row in rowid order, with one prepared insert.</summary>
    private static async Task<long> CopyTableAsync(SqliteConnection source, NpgsqlConnection postgres, NpgsqlTransaction transaction, string table, CancellationToken ct)
    {
        var targetColumns = (await postgres.QueryAsync<(string Name, string? Identity)>(
            "SELECT column_name, identity_generation FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table;",
            new { table }, transaction)).ToDictionary(c => c.Name, c => c.Identity);
        var columns = (await source.QueryAsync<string>("SELECT name FROM pragma_table_info(@table) ORDER BY cid;", new { table }))
            .Where(targetColumns.ContainsKey).ToList();
        var overriding = columns.Any(c => targetColumns[c] == "ALWAYS") ? " OVERRIDING SYSTEM VALUE" : "";
        var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO \"{table}\" ({names}){overriding} VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))});", postgres, transaction);
        await using var read = source.CreateCommand();
        read.CommandText = $"SELECT {names} FROM \"{table}\" ORDER BY rowid;";
        await using var reader = await read.ExecuteReaderAsync(ct);
        long rows = 0;
        while (await reader.ReadAsync(ct))
        {
            insert.Parameters.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = reader.GetValue(i) });
            }

            await insert.ExecuteNonQueryAsync(ct);
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// What the copy itself moved: inserting closures, linacs and downtimes raised each center's
    /// calendar_version by trigger (set back to the file's), and identities must continue past the copied ids.
    /// </summary>
    private static async Task RestoreCountersAsync(SqliteConnection source, NpgsqlConnection postgres, NpgsqlTransaction transaction, CancellationToken ct)
    {
        foreach (var (id, version) in await source.QueryAsync<(string, long)>("SELECT id, calendar_version FROM centers;"))
        {
            await postgres.ExecuteAsync(new CommandDefinition("UPDATE centers SET calendar_version = @version WHERE id = @id;", new { id, version }, transaction, cancellationToken: ct));
        }

        var identities = await postgres.QueryAsync<(string Table, string Column)>(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES';", transaction: transaction);
        foreach (var (table, column) in identities)
        {
            await postgres.ExecuteAsync(new CommandDefinition(
                $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) + 1, false);",
                transaction: transaction, cancellationToken: ct));
        }
    }

    /// <summary>The public tables, each after every table its foreign keys reference.</summary>
    private static async Task<List<string>> TablesInForeignKeyOrderAsync(NpgsqlConnection postgres, CancellationToken ct)
    {
        var tables = (await postgres.QueryAsync<string>(new CommandDefinition(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name;", cancellationToken: ct))).ToList();
        var references = (await postgres.QueryAsync<(string From, string To)>(new CommandDefinition(
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f';", cancellationToken: ct)))
            .ToLookup(r => r.From.Trim('"'), r => r.To.Trim('"'));
        var ordered = new List<string>();
        void Visit(string table, HashSet<string> path)
        {
            if (ordered.Contains(table) || !path.Add(table))
            {
                return;
            }

            foreach (var referenced in references[table].Where(r => r != table))
            {
                Visit(referenced, path);
            }

            ordered.Add(table);
        }

        foreach (var table in tables.Where(t => t != "schema_version"))
        {
            Visit(table, []);
        }

        return ordered;
    }

    private static bool TryParse(string[] args, out string file, out string target)
    {
        (file, target) = ("", "");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--from-sqlite":
                    file = args[i + 1];
                    break;
                case "--to-postgres":
                    target = args[i + 1];
                    break;
                default:
                    return false;
            }
        }

        return args.Length == 4 && file.Length > 0 && target.Length > 0;
    }
}
