using System.Data;
using Dapper;
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

    /// <summary>
    /// The rows of a query over a list of ids bound as <c>@ids</c>: <paramref name="sqlite"/> says
    /// <c>IN @ids</c> (Dapper expands it to <c>IN (@ids1, @ids2, ...)</c>), <paramref name="postgres"/>
    /// says <c>= ANY(@ids)</c> (Dapper hands Npgsql the list as one array, which <c>IN</c> cannot take).
    /// No ids, no query.
    /// </summary>
    public static async Task<IReadOnlyList<T>> QueryByIdsAsync<T>(
        this IDbConnection connection, string sqlite, string postgres, IReadOnlyCollection<string> ids, IDbTransaction? transaction, CancellationToken ct) =>
        ids.Count == 0
            ? []
            : [.. await connection.QueryAsync<T>(new CommandDefinition(connection.Pick(sqlite, postgres), new { ids = ids.ToArray() }, transaction, cancellationToken: ct))];
}
