using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;

namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// The PostgreSQL side of <c>Database:Provider</c> while the switch is being completed (issue 14):
/// with <c>Postgres</c> the service migrates its PostgreSQL database at start and binds the
/// scheduler's instance name and id (<see cref="QuartzInstance"/>, used once the store is clustered).
/// The stores still speak SQLite, so such an instance migrates and then fails to start (the first
/// hosted service that reads opens a SQLite connection with a PostgreSQL connection string) until they are ported.
/// </summary>
internal static class PostgresServices
{
    public static bool UsesPostgres(this IConfiguration configuration) =>
        string.Equals(configuration["Database:Provider"], nameof(DatabaseProvider.Postgres), StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddDatabaseProvider(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Configure(options =>
            options.Provider = configuration.UsesPostgres() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);
        return services;
    }

    /// <summary>
    /// For <c>AddJobs</c> (Program.cs): with <c>Postgres</c>, the scheduler's <c>Quartz:InstanceName</c>
    /// (shared by the instances of one deployment) and <c>Quartz:InstanceId</c> (one per instance), which
    /// the clustered ADO store will tell instances apart by. Nothing otherwise.
    /// </summary>
    public static Action<IQuartzBuilder> QuartzInstance(IConfiguration configuration) => quartz =>
    {
        if (!configuration.UsesPostgres())
        {
            return;
        }

        quartz.ConfigureScheduler(scheduler =>
        {
            scheduler.InstanceName = configuration["Quartz:InstanceName"] ?? scheduler.InstanceName;
            scheduler.InstanceId = configuration["Quartz:InstanceId"] ?? scheduler.InstanceId;
        });
    };

    /// <summary>Applies the PostgreSQL migrations before the service serves (under the advisory lock).</summary>
    public static void MigratePostgres(this WebApplication app) =>
        PostgresMigrations.ApplyAsync(
                app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString,
                app.Services.GetRequiredService<IClock>(),
                app.Lifetime.ApplicationStopping)
            .GetAwaiter().GetResult();
}
