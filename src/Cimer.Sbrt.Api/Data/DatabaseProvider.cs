namespace Cimer.Sbrt.Api.Data;

/// <summary>The database the service runs on: SQLite (one instance) or PostgreSQL (several).</summary>
internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
