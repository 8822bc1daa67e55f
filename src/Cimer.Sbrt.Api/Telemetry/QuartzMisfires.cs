using Quartz;

namespace Cimer.Sbrt.Api.Telemetry;

/// <summary>Counts each misfired trigger in <c>sbrt.quartz.misfires</c> (by job); lets every other event pass.</summary>
internal sealed class QuartzMisfires : ITriggerListener
{
    public string Name => nameof(QuartzMisfires);

    public ValueTask TriggerFired(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    public ValueTask TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        SbrtMetrics.Misfired(trigger.JobKey.Name);
        return ValueTask.CompletedTask;
    }

    public ValueTask TriggerSkipped(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask TriggerComplete(ITrigger trigger, IJobExecutionContext context, SchedulerInstruction triggerInstructionCode, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public ValueTask TriggerRetriesExhausted(ITrigger trigger, IJobExecutionContext context, JobExecutionException exception, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;
}
