using System.Data;
using Npgsql;

namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// The seam where SQL differs between the providers: a store keeps its SQLite phrase and, beside it, the
/// PostgreSQL one, and picks by the connection it was handed. Only the few statements that differ go
/// through here (<c>INSERT OR REPLACE</c>, <c>sqlite_sequence</c>, <c>json_each</c>, <c>printf</c>...);
/// every other statement is the same text on both.
/// </summary>
internal static class Dialect
{
    public static bool IsPostgres(this IDbConnection connection) => connection is NpgsqlConnection;

    /// <summary><paramref name="sqlite"/> on SQLite, <paramref name="postgres"/> on PostgreSQL.</summary>
    public static string Pick(this IDbConnection connection, string sqlite, string postgres) =>
        connection is NpgsqlConnection ? postgres : sqlite;
}
