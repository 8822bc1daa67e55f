using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cimer.Sbrt.Api.Web;

/// <summary>
/// The database errors that mean "a concurrent change got there first", on either provider: the
/// service answers them with 409 (<see cref="ProblemExceptionHandler"/>), and a decision made on a snapshot
/// is made again (Data/Database.cs, DecideThenWriteAsync).
/// </summary>
internal static class DatabaseErrors
{
    private const int SqliteConstraint = 19;

    /// <summary>
    /// SQLite's UNIQUE constraint (a slot, the patient's one live plan, a study id); PostgreSQL's unique
    /// violation (23505) and exclusion violation (23P01: two fractions overlapping on one linac).
    /// </summary>
    public static bool IsConflict(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint } sqlite => sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal),
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ExclusionViolation,
        _ => false,
    };

    /// <summary>
    /// PostgreSQL cannot store or compare text holding the NUL character (22021), which SQLite takes: a request
    /// that sends one, in its body, query or route, is refused with 400 there, not failed with 500.
    /// </summary>
    public static bool IsUnstorableText(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire };

    /// <summary>
    /// PostgreSQL has no room for this request now: the pool gave no connection in time (its <c>Timeout</c>),
    /// or the server refused one (53300 too many connections, 57P03 starting up). Nothing was changed.
    /// </summary>
    public static bool IsBusy(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException { InnerException: TimeoutException } => true,
        _ => false,
    };
}
