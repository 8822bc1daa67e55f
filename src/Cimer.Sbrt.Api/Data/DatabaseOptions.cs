using Microsoft.Data.Sqlite;

namespace Cimer.Sbrt.Api.Data;

/// <summary>Where the SQLite database lives: <c>ConnectionStrings:Sbrt</c>, a full SQLite connection string.</summary>
internal sealed class DatabaseOptions
{
    public const string DefaultConnectionString = "Data Source=cimer-sbrt.db";

    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>True when the string parses and names a data source.</summary>
    public bool IsValid()
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
