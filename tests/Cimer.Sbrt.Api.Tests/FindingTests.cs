using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>GET /centers, /patients and /plans: finding what needs attention without knowing ids, page by page.</summary>
public class FindingTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private async Task<List<T>> AllPagesAsync<T>(string url)
    {
        var items = new List<T>();
        for (string? next = url; next is not null;)
        {
            var page = await Client.OkAsync<Page<T>>(await api.Http.GetAsync(next));
            Assert.True(page.Next is not null || page.Items.Length > 0 || items.Count == 0);
            items.AddRange(page.Items);
            next = page.Next;
        }

        return items;
    }

    [ProviderFact]
    public async Task ListingCentersAnswersEveryCenterByName()
    {
        var zurich = await Client.CreatedAsync<Center>(await api.PostAsync("/api/v1/centers", new { name = "zz Zurich", timeZone = "Europe/Zurich" }));
        var aachen = await Client.CreatedAsync<Center>(await api.PostAsync("/api/v1/centers", new { name = "aa Aachen", timeZone = "Europe/Berlin" }));

        var centers = await Client.OkAsync<Center[]>(await api.Http.GetAsync("/api/v1/centers"));

        Assert.Equal(centers.Select(c => c.Name).Order(StringComparer.Ordinal), centers.Select(c => c.Name));
        Client.SameJson(aachen, centers.Single(c => c.Id == aachen.Id));
        Assert.Contains(centers, c => c.Id == zurich.Id);
    }

    [ProviderFact]
    public async Task PagingThroughPatientsWithNextVisitsEachOnceInIdOrder()
    {
        var center = await api.CenterAsync();
        var enrolled = new List<Patient>();
        for (var i = 0; i < 7; i++)
        {
            enrolled.Add(await api.PatientAsync(center.Id, lesions: 2));
        }

        var first = await Client.OkAsync<Page<Patient>>(await api.Http.GetAsync($"/api/v1/patients?centerId={center.Id}&limit=3"));
        var all = await AllPagesAsync<Patient>($"/api/v1/patients?centerId={center.Id}&limit=3");

        Assert.Equal(3, first.Items.Length);
        Assert.StartsWith("http://localhost/api/v1/patients?", first.Next, StringComparison.Ordinal);
        Assert.Contains($"centerId={center.Id}", first.Next, StringComparison.Ordinal);
        Assert.Equal(enrolled.Select(p => p.Id).Order(StringComparer.Ordinal), all.Select(p => p.Id));
        Client.SameJson(enrolled.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => p with { }).ToArray(), all.ToArray());
    }

    [ProviderFact]
    public async Task PatientsAreFoundByStudyIdAndByEachStatus()
    {
        var (center, _, onTreatment, treating) = await api.PlannedPatientAsync();
        var enrolled = await api.PatientAsync(center.Id, studyId: "CIMER-FIND-1");
        var planned = await api.PatientAsync(center.Id);
        await Client.CreatedAsync<Plan>(await api.PlanAsync(planned.Id));
        var withdrawn = await api.PatientAsync(center.Id);
        await Client.OkAsync<PatientChange>(await api.PostAsync($"/api/v1/patients/{withdrawn.Id}/withdrawal", new { reason = "moved away" }));
        var first = treating.Booked.MinBy(f => f.StartsAt)!;
        api.AfterStartOf(first);
        await Client.OkAsync<Plan>(await api.DeliveryAsync(treating, first, new { outcome = "delivered" }));

        async Task<string[]> Find(string query) =>
            [.. (await AllPagesAsync<Patient>($"/api/v1/patients?centerId={center.Id}&{query}")).Select(p => p.Id)];

        Assert.Equal([enrolled.Id], await Find("studyId=CIMER-FIND-1"));
        Assert.Equal([enrolled.Id], await Find("status=enrolled"));
        Assert.Equal([planned.Id], await Find("status=planned"));
        Assert.Equal([onTreatment.Id], await Find("status=onTreatment"));
        Assert.Equal([withdrawn.Id], await Find("status=withdrawn"));
        Assert.Empty(await Find("status=completed"));
    }

    [ProviderFact]
    public async Task APlanWhoseFractionsWereAllDeliveredMakesItsPatientCompleted()
    {
        var (center, _, patient, plan) = await api.PlannedPatientAsync();

        await api.DeliverBeforeAsync(plan, DateTimeOffset.MaxValue);

        var found = await AllPagesAsync<Patient>($"/api/v1/patients?centerId={center.Id}&status=completed");
        Assert.Equal([patient.Id], found.Select(p => p.Id));
    }

    [ProviderFact]
    public async Task PlansThatNeedAttentionAreFoundByStatus()
    {
        var (center, linac, _, plan) = await api.PlannedPatientAsync();
        var calm = await Client.CreatedAsync<Plan>(await api.PlanAsync((await api.PatientAsync(center.Id)).Id));
        var pinned = plan.Booked.MaxBy(f => f.StartsAt)!;
        plan = await Client.OkAsync<Plan>(await api.MoveAsync(plan, pinned, new { pinned = true }));
        await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, $"{pinned.Start[..10]}T08:00", $"{pinned.Start[..10]}T18:00"));

        var attention = await AllPagesAsync<Plan>($"/api/v1/plans?centerId={center.Id}&status=needsAttention");
        var everything = await AllPagesAsync<Plan>($"/api/v1/plans?centerId={center.Id}");

        var flagged = Assert.Single(attention);
        Assert.Equal((plan.Id, "needsAttention"), (flagged.Id, flagged.Status));
        Assert.False(string.IsNullOrEmpty(flagged.AttentionReason));
        Assert.Equal(new[] { plan.Id, calm.Id }.Order(StringComparer.Ordinal), everything.Select(p => p.Id).Order(StringComparer.Ordinal));
    }

    [ProviderFact]
    public async Task PagingThroughPlansByDayOneFiltersOnDayOneInclusive()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        string[] dayOnes = ["2026-12-14", "2026-12-07", "2026-12-08", "2026-12-07", "2026-11-30"];
        var plans = new List<Plan>();
        foreach (var dayOne in dayOnes)
        {
            plans.Add(await Client.CreatedAsync<Plan>(await api.PlanAsync((await api.PatientAsync(center.Id, dayOne: dayOne)).Id)));
        }

        var all = await AllPagesAsync<Plan>($"/api/v1/plans?centerId={center.Id}&limit=2");
        var december = await AllPagesAsync<Plan>($"/api/v1/plans?centerId={center.Id}&from=2026-12-08&to=2026-12-14&limit=1");

        var expected = plans.OrderBy(p => p.DayOne, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id);
        Assert.Equal(expected, all.Select(p => p.Id));
        Assert.Equal(["2026-12-08", "2026-12-14"], december.Select(p => p.DayOne));
        Client.SameJson(await api.GetPlanAsync(all[0].Id), all[0]);
    }

    // Why these: each paging and filter parameter outside what it accepts.
    [ProviderTheory]
    [InlineData("/api/v1/patients?limit=0", "limit")]
    [InlineData("/api/v1/patients?limit=201", "limit")]
    [InlineData("/api/v1/patients?limit=many", "limit")]
    [InlineData("/api/v1/patients?cursor=not-ours", "cursor")]
    [InlineData("/api/v1/patients?status=asleep", "status")]
    [InlineData("/api/v1/plans?limit=0", "limit")]
    [InlineData("/api/v1/plans?cursor=%25%25", "cursor")]
    [InlineData("/api/v1/plans?status=planned", "status")]
    [InlineData("/api/v1/plans?from=December", "from")]
    [InlineData("/api/v1/plans?from=2026-12-10&to=2026-12-01", "to")]
    public async Task ABadListParameterIs400OnTheField(string url, string field)
    {
        var problem = await Client.ProblemAsync(await api.Http.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [ProviderTheory]
    [InlineData("/api/v1/patients?centerId=nope")]
    [InlineData("/api/v1/plans?centerId=nope")]
    public async Task AnUnknownCenterIs404(string url) =>
        await Client.ProblemAsync(await api.Http.GetAsync(url), HttpStatusCode.NotFound);
}
