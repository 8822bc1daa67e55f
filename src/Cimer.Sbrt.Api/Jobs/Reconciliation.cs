using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cimer.Sbrt.Api.Jobs;

/// <summary>
/// The nightly reconciliation of one center: fractions that have started and have no delivery
/// record are flagged unconfirmed (shown on the plan and the worklist); with
/// <c>Jobs:AutoMissUnconfirmedAfterHours</c> those unconfirmed that long are recorded as missed
/// and their plans re-planned. One run per center and local date, recorded in
/// <c>reconciliation_runs</c> in the same transaction: a second run of a date changes nothing.
/// Its changes are audited as made by <see cref="Actor.Reconciliation"/>.
/// </summary>
internal sealed class Reconciliation(Database database, IClock clock, IOptions<JobsOptions> options)
{
    /// <summary>Most missed dates one start catches up on, per center.</summary>
    public const int MaxCatchUpDays = 31;

    private readonly JobsOptions options = options.Value;

    /// <summary>The local date of the last run due at or before <paramref name="now"/>: today's once ReconcileAt has passed, else yesterday's.</summary>
    public LocalDate DueDate(DateTimeZone zone, Instant now)
    {
        var today = now.InZone(zone).Date;
        return FireTime(today, zone) <= now ? today : today.PlusDays(-1);
    }

    /// <summary>When the run for <paramref name="date"/> is scheduled, in the center's zone.</summary>
    public Instant FireTime(LocalDate date, DateTimeZone zone) => date.At(options.ReconcileTime).InZoneLeniently(zone).ToInstant();

    /// <summary>Runs the reconciliation due now (what the nightly trigger does); null when it already ran.</summary>
    public async Task<ReconciliationRun?> RunDueAsync(string centerId, CancellationToken ct)
    {
        var center = await database.ReadAsync(connection => Centers.CenterStore.GetAsync(connection, centerId, ct));
        return await RunAsync(centerId, DueDate(Centers.CenterCalendars.Zone(center), clock.GetCurrentInstant()), ct);
    }

    /// <summary>Reconciles <paramref name="centerId"/> for <paramref name="date"/>; null (and no change) when that run already happened.</summary>
    public Task<ReconciliationRun?> RunAsync(string centerId, LocalDate date, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var day = WireFormat.Format(date);
            if (await ReconciliationStore.RunExistsAsync(connection, transaction, centerId, day, ct))
            {
                return null;
            }

            var now = clock.GetCurrentInstant();
            var plans = new List<PlanRecord>();
            foreach (var planId in await ReconciliationStore.PlansWithUnrecordedAsync(connection, transaction, centerId, WireFormat.ToUtc(now), ct))
            {
                plans.Add(await PlanStore.GetAsync(connection, planId, ct, transaction));
            }

            var inputs = await PlanningInputs.ForPlansAsync(connection, transaction, centerId, plans, ct);
            var decided = NightlyReconciliation.Decide(
                inputs.Plans, inputs.Calendar, inputs.Linacs, inputs.Bookings, now, options.AutoMissUnconfirmedAfterHours, SharedSlotGrids.Cache, Ids.New);
            await PlanChanges.WriteAllAsync(connection, transaction, plans.ToDictionary(p => p.Id), decided.Decisions, Actor.Reconciliation, now, ct);
            Telemetry.SbrtMetrics.Replanned("reconciliation", decided.Decisions.Count(d => d.Kind == PlanChangeKind.Missed));
            var (flagged, missed) = (decided.Flagged, decided.Missed);
            var run = new ReconciliationRun(centerId, day, flagged, missed);
            await ReconciliationStore.AddRunAsync(connection, transaction, run, WireFormat.ToUtc(now), ct);
            return run;
        }, ct);

    /// <summary>
    /// On start: every run that fell due while the service was down (after the center's last
    /// recorded run, at most <see cref="MaxCatchUpDays"/> back, never before the center existed), in date order.
    /// </summary>
    public async Task<IReadOnlyList<ReconciliationRun>> CatchUpAsync(CancellationToken ct)
    {
        var runs = new List<ReconciliationRun>();
        var now = clock.GetCurrentInstant();
        foreach (var center in await database.ReadAsync(connection => ReconciliationStore.CentersAsync(connection, ct)))
        {
            var zone = DateTimeZoneProviders.Tzdb[center.TimeZone];
            var due = DueDate(zone, now);
            var last = await database.ReadAsync(connection => ReconciliationStore.LastRunDateAsync(connection, center.Id, ct));
            var first = last is null ? due : LocalDate.Max(WireFormat.ParseDate(last).PlusDays(1), due.PlusDays(1 - MaxCatchUpDays));
            var created = WireFormat.FromUtc(center.CreatedUtc);
            for (var date = first; date <= due; date = date.PlusDays(1))
            {
                if (FireTime(date, zone) >= created && await RunAsync(center.Id, date, ct) is { } run)
                {
                    runs.Add(run);
                }
            }
        }

        return runs;
    }
}
