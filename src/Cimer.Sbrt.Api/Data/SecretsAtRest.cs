using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// ASP.NET Core Data Protection for secrets the service must keep but never in plaintext: a kept
/// answer that shows a secret once (Idempotency/) and a webhook's signing secret (Webhooks/). Its
/// key ring lives in <c>DataProtection:KeysPath</c>, by default a <c>keys</c> folder beside the
/// database file (<c>/data/keys</c> in the container). Losing the folder loses those secrets: kept
/// answers can no longer be replayed and subscriptions must be made again. Keep it out of database
/// copies: a copy of the database alone then holds nothing readable.
/// </summary>
internal static class SecretsAtRest
{
    public const string KeysPathSetting = "DataProtection:KeysPath", ApplicationName = "Cimer.Sbrt";

    public static IServiceCollection AddSecretsAtRest(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        // As PersistKeysToFileSystem does, but with the folder read from configuration when resolved.
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, IOptions<DatabaseOptions>, ILoggerFactory>((keys, configuration, database, loggers) =>
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(KeysPath(configuration, database.Value)), loggers));
        return services;
    }

    /// <summary>
    /// <c>DataProtection:KeysPath</c>, else the <c>keys</c> folder beside the database file; on PostgreSQL,
    /// which has no file, the <c>keys</c> folder of the working directory (instances sharing a database
    /// must share one key ring: set the path to a shared volume).
    /// </summary>
    public static string KeysPath(IConfiguration configuration, DatabaseOptions database)
    {
        if (configuration[KeysPathSetting] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        if (database.Provider == DatabaseProvider.Postgres)
        {
            return Path.GetFullPath("keys");
        }

        var file = Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource);
        return Path.Combine(Path.GetDirectoryName(file)!, "keys");
    }
}
