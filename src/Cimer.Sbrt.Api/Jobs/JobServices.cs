using Cimer.Sbrt.Api.Centers;
using Quartz;

namespace Cimer.Sbrt.Api.Jobs;

internal static class JobServices
{
    /// <summary>
    /// Quartz, with the job store the provider hook among <paramref name="featureJobs"/> chooses
    /// (Data/PostgresServices.cs, passed in by Program.cs): its RAM store on SQLite, where triggers are
    /// laid again from the centers table at every start and what ran is recorded in our own tables
    /// (reconciliation_runs), so nothing of Quartz's needs to survive a restart (see README, "Nightly
    /// jobs", for why not a persistent store); the clustered ADO store on PostgreSQL, so that two
    /// instances do not both run each job. Not chosen here as well: a <c>UseInMemoryStore()</c> here
    /// won over the hook's <c>UsePersistentStore</c>, and every PostgreSQL instance ran its own RAM scheduler.
    /// A feature with a job of its own adds it through <paramref name="featureJobs"/> (Program.cs), so
    /// this folder depends on no feature that runs on it.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, params IReadOnlyList<Action<IQuartzBuilder>> featureJobs)
    {
        services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .Validate(o => o.IsValid(), "Jobs:ReconcileAt must be a local time \"HH:mm\" outside 01:00-03:00; Jobs:AutoMissUnconfirmedAfterHours, when set, 1 to 168.")
            .ValidateOnStart();
        services.AddSingleton<Reconciliation>();
        services.AddSingleton<ReconciliationSchedule>();
        services.AddSingleton<ICenterSchedule>(provider => provider.GetRequiredService<ReconciliationSchedule>());
        services.AddQuartz(quartz =>
        {
            // RequestRecovery: on PostgreSQL, a run cut short by its instance's death (kill -9, a lost node) is
            // fired again by the instance that finds the dead one at its cluster check-in; without it Quartz
            // drops that firing, and the center's night went unreconciled until some instance restarted and
            // caught up. Safe to run again: a run is one transaction, recorded per center and date.
            quartz.AddJob<ReconcileJob>(job => job.WithIdentity(ReconcileJob.Key).StoreDurably().RequestRecovery());
            foreach (var addJob in featureJobs)
            {
                addJob(quartz);
            }
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        services.AddHostedService<ReconciliationStartup>();
        return services;
    }
}
