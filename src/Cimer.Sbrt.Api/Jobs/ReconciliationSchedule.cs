using Cimer.Sbrt.Api.Centers;
using Microsoft.Extensions.Options;
using Quartz;

namespace Cimer.Sbrt.Api.Jobs;

/// <summary>
/// One cron trigger per center for <see cref="ReconcileJob"/>, at <c>Jobs:ReconcileAt</c> in the
/// center's own zone. Triggers live in Quartz's RAM store and are laid again at every start from
/// the centers table; what has run is known from <c>reconciliation_runs</c>, never from Quartz.
/// </summary>
internal sealed partial class ReconciliationSchedule(ISchedulerFactory schedulers, IOptions<JobsOptions> options, ILogger<ReconciliationSchedule> logger) : ICenterSchedule
{
    public static TriggerKey TriggerKeyFor(string centerId) => new($"reconcile-{centerId}", ReconcileJob.Key.Group);

    /// <summary>Schedules (or re-schedules) the center's nightly trigger; nothing when jobs are disabled.</summary>
    public async Task AddCenterAsync(string centerId, string timeZone, CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (TimeZoneNotFoundException exception)
        {
            // The run is not lost: the next start catches up on it from reconciliation_runs.
            LogNoZone(logger, exception, timeZone, centerId);
            return;
        }

        var at = options.Value.ReconcileTime;
        var scheduler = await schedulers.GetScheduler(ct);
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(TriggerKeyFor(centerId))
            .ForJob(ReconcileJob.Key)
            .UsingJobData(ReconcileJob.CenterIdKey, centerId)
            .WithSchedule(CronScheduleBuilder.Create($"0 {at.Minute} {at.Hour} * * ?")
                .InTimeZone(zone)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Time zone {TimeZone} of center {CenterId} is unknown to this system; its nightly reconciliation is not scheduled")]
    private static partial void LogNoZone(ILogger logger, Exception exception, string timeZone, string centerId);
}
