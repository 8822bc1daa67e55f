using Cimer.Sbrt.Api.Jobs;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Quartz;

namespace Cimer.Sbrt.Api.Tests;

public class ReconciliationTests
{
    /// <summary>Wednesday 2026-12-09 22:30 in New York: after that day's 21:00 reconciliation.</summary>
    private static readonly Instant AfterWednesdaysRun = Instant.FromUtc(2026, 12, 10, 3, 30);

    private static readonly Dictionary<string, string> JobsOn = new() { ["Jobs:Enabled"] = "true" };

    [ProviderFact]
    public async Task TheNightlyJobFlagsUnconfirmedFractionsAndASecondRunChangesNothing()
    {
        using var app = SbrtApp.For(this);
        var api = app.Api();
        var (center, _, _, plan) = await api.PlannedPatientAsync();
        api.Clock.Reset(AfterWednesdaysRun);
        var past = plan.Booked.Where(f => f.StartsAt < AfterWednesdaysRun.ToDateTimeOffset()).Select(f => f.Id).ToList();

        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(ReconcileJob.Key, new JobDataMap { [ReconcileJob.CenterIdKey] = center.Id }, CancellationToken.None);
        await WaitForRunsAsync(app, 1);
        var flagged = await api.GetPlanAsync(plan.Id);
        var fingerprint = app.Fingerprint();
        var second = await app.Services.GetRequiredService<Reconciliation>().RunDueAsync(center.Id, CancellationToken.None);

        Assert.Null(second);
        Assert.Equal(fingerprint, app.Fingerprint());
        Assert.Equal(("2026-12-09", 2L, 0L), Runs(app).Single());
        Assert.True(flagged.Unconfirmed);
        Assert.Equal(plan.Version + 1, flagged.Version);
        Assert.Equal(past.Order(), flagged.Fractions.Where(f => f.Unconfirmed).Select(f => f.Id).Order());
        var worklist = await api.WorklistAsync(center.Id, "2026-12-09");
        Assert.Equal(past.Order(), worklist.Unconfirmed.Select(f => f.FractionId).Order());
        Assert.All(worklist.Unconfirmed, f => Assert.Equal("2026-12-09T22:30:00-05:00", f.FlaggedAt));
    }

    [ProviderFact]
    public async Task RecordingAFlaggedFractionClearsItsUnconfirmedMark()
    {
        using var app = SbrtApp.For(this);
        var api = app.Api();
        var (center, _, _, plan) = await api.PlannedPatientAsync();
        api.Clock.Reset(AfterWednesdaysRun);
        await app.Services.GetRequiredService<Reconciliation>().RunDueAsync(center.Id, CancellationToken.None);
        plan = await api.GetPlanAsync(plan.Id);

        foreach (var fraction in plan.Fractions.Where(f => f.Unconfirmed).OrderBy(f => f.StartsAt))
        {
            plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, fraction, new { outcome = "delivered" }));
        }

        Assert.False(plan.Unconfirmed);
        Assert.Empty((await api.WorklistAsync(center.Id, "2026-12-09")).Unconfirmed);
    }

    [ProviderFact]
    public async Task WithAutoMissConfiguredTheJobRecordsLongUnconfirmedFractionsAsMissedAndReplans()
    {
        using var app = SbrtApp.For(this, new Dictionary<string, string> { ["Jobs:AutoMissUnconfirmedAfterHours"] = "24" });
        var api = app.Api();
        var (center, _, _, plan) = await api.PlannedPatientAsync();
        api.Clock.Reset(AfterWednesdaysRun);
        var old = plan.Booked.Where(f => f.StartsAt.AddHours(24) <= AfterWednesdaysRun.ToDateTimeOffset()).Select(f => f.Id).ToList();

        var run = await app.Services.GetRequiredService<Reconciliation>().RunDueAsync(center.Id, CancellationToken.None);

        var after = await api.GetPlanAsync(plan.Id);
        Assert.Equal(old.Count, run!.Missed);
        Assert.NotEmpty(old);
        Assert.All(old, id => Assert.Equal("missed", after.Fractions.Single(f => f.Id == id).Status));
        PlanChecks.KeepsTheRules(after, lesions: 1);
        Assert.Equal([1, 2, 3, 4, 5], after.Booked.OrderBy(f => f.StartsAt).Select(f => f.Number));
    }

    [ProviderFact]
    public async Task AServiceStoppedOverTheJobTimeCatchesUpOnceWhenStartedAgain()
    {
        using var database = KeptDatabase.For(this, "cimer-sbrt-catch-up-");
        Plan plan;
        using (var first = database.App(JobsOn))
        {
            plan = (await first.Api().PlannedPatientAsync()).Plan;
            Assert.Empty(Runs(first));
        }

        // Down from 20 November until 22:30 on 9 December: only the run due last is owed.
        using (var second = database.App(JobsOn))
        {
            var api = second.Api(AfterWednesdaysRun);
            Assert.Equal(("2026-12-09", 2L, 0L), Runs(second).Single());
            Assert.True((await api.GetPlanAsync(plan.Id)).Unconfirmed);
        }

        using var third = database.App(JobsOn);
        var again = third.Api(AfterWednesdaysRun);
        Assert.Single(Runs(third));
        Assert.Equal(plan.Version + 1, (await again.GetPlanAsync(plan.Id)).Version);
    }

    [ProviderFact]
    public async Task EachCenterGetsACronTriggerAtTheConfiguredTimeInItsOwnZone()
    {
        using var app = SbrtApp.For(this, new Dictionary<string, string> { ["Jobs:Enabled"] = "true", ["Jobs:ReconcileAt"] = "20:30" });
        var api = app.Api();
        var newYork = await api.CenterAsync();
        var losAngeles = await api.CenterAsync(timeZone: "America/Los_Angeles");

        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        foreach (var (center, zone) in new[] { (newYork, "America/New_York"), (losAngeles, "America/Los_Angeles") })
        {
            var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(ReconciliationSchedule.TriggerKeyFor(center.Id), CancellationToken.None));
            Assert.Equal(("0 30 20 * * ?", zone, ReconcileJob.Key), (trigger.CronExpressionString, trigger.TimeZone.Id, trigger.JobKey));
        }
    }

    // Why these: the quiet hours' ends, inside them, and a time that is not one.
    [ProviderTheory]
    [InlineData("01:00")]
    [InlineData("02:30")]
    [InlineData("03:00")]
    [InlineData("9pm")]
    public void AReconcileTimeInTheQuietHoursOrMalformedStopsTheServiceFromStarting(string at)
    {
        using var app = SbrtApp.For(this, new Dictionary<string, string> { ["Jobs:ReconcileAt"] = at });

        Assert.ThrowsAny<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Api());
    }

    private static List<(string Date, long Flagged, long Missed)> Runs(SbrtApp app)
    {
        using var connection = app.OpenDatabase();
        return [.. connection.Query<(string, long, long)>("SELECT date, flagged, missed FROM reconciliation_runs ORDER BY date;")];
    }

    private static async Task WaitForRunsAsync(SbrtApp app, int count)
    {
        for (var waited = 0; Runs(app).Count < count; waited += 20)
        {
            Assert.True(waited < 10_000, "The triggered job did not run within 10 s.");
            await Task.Delay(20);
        }
    }
}
