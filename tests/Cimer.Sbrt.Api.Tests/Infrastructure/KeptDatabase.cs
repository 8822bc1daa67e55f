using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// A database that outlives the services a test starts on it one after another (a restart, a kill -9): a
/// SQLite file in a temp folder, or a throwaway PostgreSQL database with a key ring folder that every
/// service on it shares, as the SQLite file's <c>keys</c> folder beside it is shared. Removed on dispose.
/// </summary>
public sealed class KeptDatabase : IDisposable
{
    private readonly string folder;
    private readonly PostgresDatabases? postgres;
    private readonly string? connectionString;

    private KeptDatabase(string prefix, PostgresDatabases? postgres)
    {
        folder = Directory.CreateTempSubdirectory(prefix).FullName;
        Path = System.IO.Path.Combine(folder, "cimer-sbrt.db");
        this.postgres = postgres;
        connectionString = postgres is null ? null : PostgresSbrtApp.Pooled(postgres.CreateAsync().GetAwaiter().GetResult());
    }

    /// <summary>A new one for <paramref name="test"/>: on PostgreSQL when it is an <see cref="IOnPostgres"/> class, else SQLite.</summary>
    public static KeptDatabase For(object test, string prefix) => new(prefix, test is IOnPostgres ? new PostgresDatabases() : null);

    public bool OnPostgres => postgres is not null;

    /// <summary>The SQLite file (on PostgreSQL, a path nothing uses).</summary>
    public string Path { get; }

    private string KeysPath => System.IO.Path.Combine(folder, "keys");

    /// <summary>The service in memory on this database, with <paramref name="settings"/>; it leaves the database in place when disposed.</summary>
    public SbrtApp App(IReadOnlyDictionary<string, string>? settings = null)
    {
        if (connectionString is null)
        {
            return SbrtApp.OnFile(Path, settings);
        }

        var withKeys = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["DataProtection:KeysPath"] = KeysPath };
        return PostgresSbrtApp.OnDatabase(connectionString, withKeys);
    }

    /// <summary>The environment that points a <see cref="ServiceProcess"/> started on <see cref="Path"/> at this database instead.</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment => connectionString is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Sbrt"] = connectionString,
            ["DataProtection__KeysPath"] = KeysPath,
        };

    /// <summary>An open connection to the database, whichever provider it is on.</summary>
    public DbConnection Open()
    {
        DbConnection connection = connectionString is null ? new SqliteConnection($"Data Source={Path}") : new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        postgres?.DisposeAsync().GetAwaiter().GetResult();
        Directory.Delete(folder, recursive: true);
    }
}
