using System.Data;
using System.Reflection;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// Applies the embedded <c>Data/migrations/NNN_name.sql</c> scripts not yet applied, in number order, each with
/// its <c>schema_version</c> row (and any step of C# that version needs, an <see cref="AfterScript"/>) in one transaction, so a start that dies half-way retries cleanly.
/// </summary>
internal static class Migrations
{
    private const string Prefix = "migrations/";

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            applied_utc TEXT NOT NULL
        ) STRICT;
        """;

    private const string AppliedVersions = "SELECT version FROM schema_version;";

    private const string RecordVersion = """
        INSERT INTO schema_version (version, name, applied_utc)
        VALUES (@Version, @Name, @AppliedUtc);
        """;

    /// <summary>
    /// Applies the scripts; <paramref name="afterScript"/> is what a script cannot do in SQL, run right after
    /// the script of its version in its transaction. The features that own those steps pass them in
    /// (Program.cs), so this folder depends on none of them.
    /// </summary>
    public static void Migrate(this WebApplication app, params IReadOnlyList<AfterScript> afterScript) =>
        Apply(app.Services.GetRequiredService<Database>(), app.Services.GetRequiredService<IClock>(), afterScript);

    public static void Apply(Database database, IClock clock, IReadOnlyList<AfterScript> afterScript)
    {
        var steps = afterScript.ToDictionary(s => s.Version, s => s.Step);
        using var connection = database.OpenSqlite();
        // WAL is a property of the file: set once, it stays for every later connection.
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.Execute(CreateVersionTable);
        // Every script not yet recorded, not only those above the highest: branches number their
        // migrations apart (003 may land after 006), and a database already at 6 still needs 3.
        var applied = connection.Query<long>(AppliedVersions).ToHashSet();
        foreach (var (version, name, script) in Scripts().Where(s => !applied.Contains(s.Version)))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            connection.Execute(script, transaction: transaction);
            steps.GetValueOrDefault(version)?.Invoke(connection, transaction);
            connection.Execute(RecordVersion, new { Version = version, Name = name, AppliedUtc = WireFormat.ToUtc(clock.GetCurrentInstant()) }, transaction);
            transaction.Commit();
        }
    }

    internal static IEnumerable<(long Version, string Name, string Script)> Scripts() => Embedded(Prefix);

    /// <summary>The numbered .sql scripts embedded under <paramref name="prefix"/>, in number order (SQLite's and PostgreSQL's).</summary>
    internal static IEnumerable<(long Version, string Name, string Script)> Embedded(string prefix)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var resource in names)
        {
            var name = resource[prefix.Length..];
            var version = long.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
