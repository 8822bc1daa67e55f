using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;

namespace Cimer.Sbrt.Api.Data;

/// <summary>
/// The PostgreSQL side of <c>Database:Provider</c> (issue 14): with <c>Postgres</c> the service migrates
/// its PostgreSQL database at start, and its scheduler is Quartz's clustered ADO store on that database
/// (<see cref="QuartzInstance"/>), so instances sharing the database run each job once between them.
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
    /// For <c>AddJobs</c> (Program.cs): with <c>Postgres</c>, Quartz's persistent store on the service's own
    /// database (the <c>qrtz_</c> tables of migration 002), clustered, with the scheduler's
    /// <c>Quartz:InstanceName</c> (shared by the instances of one deployment) and <c>Quartz:InstanceId</c>
    /// (one per instance; unset or "AUTO", generated at each start from the host name and time: Quartz 4's
    /// typed options take "AUTO" literally, so every instance left at it was the same node "AUTO"). A job marked
    /// <c>[DisallowConcurrentExecution]</c> then runs on one instance at a time across the cluster, and a
    /// node that dies has its triggers recovered by another. On SQLite, Quartz's RAM store.
    /// </summary>
    public static Action<IQuartzBuilder> QuartzInstance(IConfiguration configuration) => quartz =>
    {
        if (!configuration.UsesPostgres())
        {
            quartz.UseInMemoryStore();
            return;
        }

        quartz.ConfigureScheduler(scheduler =>
        {
            scheduler.InstanceName = configuration["Quartz:InstanceName"] ?? "cimer-sbrt";
            if (configuration["Quartz:InstanceId"] is { Length: > 0 } id && id != "AUTO")
            {
                scheduler.InstanceId = id;
            }
            else
            {
                scheduler.GenerateInstanceId = true;
            }
        });
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(configuration.GetConnectionString("Sbrt")!);
            // Each instance checks in every 7.5 s; one more than 7.5 s late past its interval is dead to the
            // others, and the next check-in that sees it so recovers its triggers (7.5-22.5 s after its death),
            // an interrupted [DisallowConcurrentExecution] run one check-in later again: 15-30 s in all.
            // Quartz's own defaults, said here because they are what a takeover of the nightly job takes
            // (measured 23-28 s from kill -9 to the survivor's run, TwoInstancesJobsTests); shorter means
            // more check-in writes and a paused node written off sooner.
            store.UseClustering(clustering =>
            {
                clustering.CheckinInterval = TimeSpan.FromSeconds(7.5);
                clustering.CheckinMisfireThreshold = TimeSpan.FromSeconds(7.5);
            });
            store.UseSystemTextJsonSerializer(_ => { });
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
