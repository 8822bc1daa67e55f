using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class DisruptionsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task AFullDayDowntimeUnderThreePatientsVisitsReplansAllThreeOldestDayOneFirstAndNeverBooksASlotTwice()
    {
        // Made in this order on purpose: the report must follow day 1, not the order plans were made.
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);
        var plans = new List<Plan>();
        foreach (var dayOne in new[] { "2026-12-09", "2026-12-07", "2026-12-08" })
        {
            var patient = await api.PatientAsync(center.Id, dayOne: dayOne);
            plans.Add(await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id)));
        }

        var day = plans.Select(p => p.Booked.Select(f => f.Start[..10]).ToHashSet()).Aggregate((a, b) => [.. a.Intersect(b)]).Min()!;

        var added = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, $"{day}T00:00", $"{day}T23:59", "magnetron"));

        Assert.Equal([plans[1].Id, plans[2].Id, plans[0].Id], added.Impact.Plans.Select(p => p.PlanId));
        Assert.All(added.Impact.Plans, p => Assert.Equal("replanned", p.Outcome));
        var after = new List<Plan>();
        foreach (var plan in plans)
        {
            var replanned = await api.GetPlanAsync(plan.Id);
            after.Add(replanned);
            PlanChecks.KeepsTheRules(replanned, lesions: 1);
            Assert.DoesNotContain(replanned.Booked, f => f.Start.StartsWith(day, StringComparison.Ordinal));
            var impact = added.Impact.Plans.Single(p => p.PlanId == plan.Id);
            Assert.Contains(impact.Changes, c => c.From!.Start.StartsWith(day, StringComparison.Ordinal));
            Assert.All(impact.Changes, c => Assert.Equal(c.To.Start, replanned.Fractions.Single(f => f.Id == c.FractionId).Start));
        }

        await PlanChecks.NoSlotIsBookedTwiceAsync(api, center.Id, after);
    }

    [ProviderFact]
    public async Task APartDayDowntimeReplansOnlyThePlanWhoseSlotItTakes()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);
        var plans = new List<Plan>();
        for (var i = 0; i < 3; i++)
        {
            var patient = await api.PatientAsync(center.Id);
            plans.Add(await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id)));
        }

        var taken = plans[1].Booked.MinBy(f => f.StartsAt)!;
        var (start, end) = (taken.Start[..16], taken.End[..16]);

        var added = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, start, end, "QA"));

        var impact = Assert.Single(added.Impact.Plans);
        Assert.Equal((plans[1].Id, "replanned"), (impact.PlanId, impact.Outcome));
        Assert.Equal(taken.Id, Assert.Single(impact.Changes).FractionId);
        Assert.Equal(1, (await api.GetPlanAsync(plans[0].Id)).Version);
        Assert.Equal(1, (await api.GetPlanAsync(plans[2].Id)).Version);
        var moved = (await api.GetPlanAsync(plans[1].Id)).Fractions.Single(f => f.Id == taken.Id);
        Assert.NotEqual(taken.Start, moved.Start);
        PlanChecks.KeepsTheRules(await api.GetPlanAsync(plans[1].Id), lesions: 1);
    }

    [ProviderFact]
    public async Task APinnedFractionUnderNewDowntimeMakesThePlanNeedAttentionAndNothingMoves()
    {
        var (center, linac, _, plan) = await api.PlannedPatientAsync(lesions: 2);
        var pinned = plan.Booked.OrderBy(f => f.StartsAt).ElementAt(3);
        plan = await Client.OkAsync<Plan>(await api.MoveAsync(plan, pinned, new { pinned = true }));

        var added = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, pinned.Start[..16], pinned.End[..16], "repair"));

        var impact = Assert.Single(added.Impact.Plans);
        Assert.Equal(("needsAttention", 0), (impact.Outcome, impact.Changes.Length));
        Assert.Contains("pinned", impact.Reason, StringComparison.OrdinalIgnoreCase);
        var after = await api.GetPlanAsync(plan.Id);
        Assert.Equal(("needsAttention", impact.Reason, plan.Version + 1), (after.Status, after.AttentionReason, after.Version));
        Assert.Equal(plan.Fractions.Select(f => (f.Id, f.Start, f.Status)), after.Fractions.Select(f => (f.Id, f.Start, f.Status)));
        Assert.Equal(impact.Reason, Assert.Single((await api.WorklistAsync(center.Id, "2026-12-07")).NeedsAttention).Reason);
    }

    [ProviderFact]
    public async Task ADeliveredFractionUnderNewDowntimeMakesThePlanNeedAttentionAndNothingMoves()
    {
        var (_, linac, _, plan) = await api.PlannedPatientAsync();
        var first = plan.Booked.MinBy(f => f.StartsAt)!;
        plan = await api.DeliverBeforeAsync(plan, first.StartsAt.AddMinutes(1));

        var added = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, first.Start[..16], first.End[..16], "logged late"));

        var impact = Assert.Single(added.Impact.Plans);
        Assert.Equal("needsAttention", impact.Outcome);
        Assert.Contains("delivered", impact.Reason, StringComparison.Ordinal);
        Assert.Equal(plan.Fractions.Select(f => (f.Id, f.Start, f.Status)), (await api.GetPlanAsync(plan.Id)).Fractions.Select(f => (f.Id, f.Start, f.Status)));
    }

    [ProviderFact]
    public async Task ADowntimeThatLeavesNoRoomByDayTwentyDisplacesTheFractionAndTheReplanAskedAfterIs422()
    {
        var (center, linac, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Booked.OrderBy(f => f.StartsAt).ToArray();
        plan = await api.DeliverBeforeAsync(plan, ordered[4].StartsAt);
        api.Clock.Reset(NodaTime.Instant.FromUtc(2026, 12, 16, 1, 0));

        var added = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, $"{ordered[4].Start[..10]}T00:00", "2026-12-27T00:00", "linac replaced"));

        var impact = Assert.Single(added.Impact.Plans);
        Assert.Equal("needsAttention", impact.Outcome);
        var after = await api.GetPlanAsync(plan.Id);
        Assert.Equal(("needsAttention", "displaced"), (after.Status, after.Fractions.Single(f => f.Id == ordered[4].Id).Status));
        Assert.Equal(impact.Reason, after.AttentionReason);
        Assert.Equal(4, (await api.SlotsAsync(center.Id, "2026-12-07", "2026-12-31", "booked")).Count);
        var problem = await Client.ProblemAsync(await api.ReplanAsync(plan.Id, after.Version), HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem.Code);
        Assert.Equal(after.Version, (await api.GetPlanAsync(plan.Id)).Version);
    }

    [ProviderFact]
    public async Task ADryRunAnswersTheSameImpactAndWritesNothing()
    {
        var (center, linac, _, plan) = await api.PlannedPatientAsync(lesions: 2);
        var day = plan.Booked.MinBy(f => f.StartsAt)!.Start[..10];
        var before = app.Fingerprint();

        var rehearsed = await Client.OkAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, $"{day}T08:00", $"{day}T18:00", "annual QA", dryRun: true));
        var closure = await Client.OkAsync<ClosureAdded>(await api.ClosureAsync(center.Id, day, "snow day", dryRun: true));

        Assert.Equal(before, app.Fingerprint());
        Assert.Equal("replanned", Assert.Single(rehearsed.Impact.Plans).Outcome);
        Assert.Equal("replanned", Assert.Single(closure.Impact.Plans).Outcome);
        Assert.Empty(await Client.OkAsync<Downtime[]>(await api.Http.GetAsync($"/api/v1/linacs/{linac.Id}/downtimes")));
        var saved = await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, $"{day}T08:00", $"{day}T18:00", "annual QA"));
        Client.SameJson(rehearsed.Impact, saved.Impact);
    }

    [ProviderFact]
    public async Task EveryRefusedDisruptionChangesNothing()
    {
        var (center, linac, _, plan) = await api.PlannedPatientAsync();
        var day = plan.Booked.MinBy(f => f.StartsAt)!.Start[..10];
        await Client.CreatedAsync<ClosureAdded>(await api.ClosureAsync(center.Id, "2026-12-24", "Christmas Eve"));
        var before = app.Fingerprint();

        await Client.ProblemAsync(await api.DowntimeAsync(linac.Id, $"{day}T18:00", $"{day}T08:00"), HttpStatusCode.BadRequest);
        await Client.ProblemAsync(await api.DowntimeAsync("no-such-linac", $"{day}T08:00", $"{day}T18:00"), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await api.DowntimeAsync("no-such-linac", $"{day}T08:00", $"{day}T18:00", dryRun: true), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await api.ClosureAsync(center.Id, "2026-12-24", "again"), HttpStatusCode.Conflict);
        await Client.ProblemAsync(await api.ClosureAsync(center.Id, "24/12/2026"), HttpStatusCode.BadRequest);
        await Client.ProblemAsync(await api.ClosureAsync("no-such-center", day), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await api.Http.PostAsync($"/api/v1/centers/{center.Id}/closures?dryRun=maybe", System.Net.Http.Json.JsonContent.Create(new { date = day, reason = "x" })), HttpStatusCode.BadRequest);

        Assert.Equal(before, app.Fingerprint());
    }
}
