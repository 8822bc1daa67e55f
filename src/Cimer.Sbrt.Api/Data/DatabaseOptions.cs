using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cimer.Sbrt.Api.Data;

/// <summary>Where the database lives: <c>ConnectionStrings:Sbrt</c>, a full SQLite (or, with <see cref="Provider"/> Postgres, Npgsql) connection string.</summary>
internal sealed class DatabaseOptions
{
    public const string DefaultConnectionString = "Data Source=cimer-sbrt.db";

    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary><c>Database:Provider</c>: which database the connection string is for (Data/PostgresServices.cs).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>True when the string parses and names a data source (a SQLite file, or a PostgreSQL host).</summary>
    public bool IsValid()
    {
        try
        {
            return Provider == DatabaseProvider.Postgres
                ? !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(ConnectionString).Host)
                : !string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
