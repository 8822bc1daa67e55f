using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class WorklistTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task TheWorklistListsTheDaysFractionsInTimeOrderAndThePastOnesWithNoRecord()
    {
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);
        var first = await api.PatientAsync(center.Id, studyId: "CIMER-W01");
        var second = await api.PatientAsync(center.Id, studyId: "CIMER-W02", lesions: 2);
        var plans = new[] { await Client.CreatedAsync<Plan>(await api.PlanAsync(first.Id)), await Client.CreatedAsync<Plan>(await api.PlanAsync(second.Id)) };
        var day = plans[0].Booked.MinBy(f => f.StartsAt)!.Start[..10];
        var earliest = plans.SelectMany(p => p.Booked).Where(f => f.Start.StartsWith(day, StringComparison.Ordinal)).MinBy(f => f.StartsAt)!;
        api.AfterStartOf(earliest);

        var worklist = await api.WorklistAsync(center.Id, day);

        var expected = plans.SelectMany(p => p.Booked).Where(f => f.Start.StartsWith(day, StringComparison.Ordinal)).OrderBy(f => f.StartsAt).ToList();
        Assert.Equal(day, worklist.Date);
        Assert.Equal(expected.Select(f => (f.Id, f.Start, f.LinacId, f.Status)), worklist.Fractions.Select(f => (f.FractionId, f.Start, f.LinacId, f.Status)));
        Assert.All(worklist.Fractions, f => Assert.Equal(linac.Name, f.LinacName));
        Assert.Contains(worklist.Fractions, f => f.StudyId == "CIMER-W02" && f.LesionLabel.StartsWith("Lesion", StringComparison.Ordinal));
        var unconfirmed = Assert.Single(worklist.Unconfirmed);
        Assert.Equal((earliest.Id, (string?)null), (unconfirmed.FractionId, unconfirmed.FlaggedAt));
        Assert.Empty(worklist.NeedsAttention);
        Assert.Empty(worklist.ProtocolDeviations);
    }

    [ProviderFact]
    public async Task AProtocolDeviationShowsOnTheWorklistWithItsCause()
    {
        var (center, _, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Booked.OrderBy(f => f.StartsAt).ToArray();
        plan = await Client.OkAsync<Plan>(await api.MoveAsync(plan, ordered[4], new { start = "2026-12-18T08:00:00-05:00" }));
        plan = await api.DeliverBeforeAsync(plan, ordered[4].StartsAt.AddDays(-1));
        api.Clock.Reset(NodaTime.Instant.FromUtc(2026, 12, 18, 23, 30));
        plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, ordered[4], new { outcome = "missed", at = "2026-12-18T08:00:00-05:00" }));

        var worklist = await api.WorklistAsync(center.Id, "2026-12-21");

        var entry = Assert.Single(worklist.ProtocolDeviations);
        Assert.Equal((plan.Id, "active", 3), (entry.PlanId, entry.Status, entry.ProtocolDeviation.DaysPastWindow));
        Assert.Single(worklist.Fractions);
        Assert.Empty(worklist.Unconfirmed);
    }

    [ProviderFact]
    public async Task AWorklistForAMalformedDateIs400AndForAnUnknownCenter404()
    {
        var center = await api.CenterAsync();

        await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/centers/{center.Id}/worklist?date=tomorrow"), HttpStatusCode.BadRequest);
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/centers/no-such-center/worklist"), HttpStatusCode.NotFound);
    }
}
