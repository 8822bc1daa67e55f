using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class LinacsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task PostingALinacAnswers201WithItsCenterAndHours()
    {
        var center = await api.CenterAsync();

        var response = await api.PostAsync($"/api/v1/centers/{center.Id}/linacs", new { name = "TrueBeam 1", opensAt = "08:00", closesAt = "18:00", slotMinutes = 30 });

        var linac = await Client.CreatedAsync<Linac>(response);
        Assert.Equal(new Linac(linac.Id, center.Id, "TrueBeam 1", "08:00", "18:00", 30), linac);
        Assert.Equal($"/api/v1/linacs/{linac.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal([linac], await Client.OkAsync<Linac[]>(await api.Http.GetAsync($"/api/v1/centers/{center.Id}/linacs")));
    }

    [ProviderTheory]
    [InlineData("18:00", "08:00", 30, "closesAt")] // closes before it opens
    [InlineData("08:00", "18:00", 4, "slotMinutes")] // below 5
    [InlineData("08:00", "18:00", 241, "slotMinutes")] // above 240
    [InlineData("08:00", "08:20", 30, "slotMinutes")] // no slot fits
    [InlineData("25:00", "18:00", 30, "opensAt")] // no such time
    public async Task PostingALinacWithImpossibleHoursIs400OnTheField(string opensAt, string closesAt, int slotMinutes, string field)
    {
        var center = await api.CenterAsync();

        var response = await api.PostAsync($"/api/v1/centers/{center.Id}/linacs", new { name = "TB", opensAt, closesAt, slotMinutes });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task PostingALinacWithAHugeSlotLengthIs400NotA500()
    {
        var center = await api.CenterAsync();

        var response = await api.PostRawAsync($"/api/v1/centers/{center.Id}/linacs",
            """{ "name": "TB", "opensAt": "08:00", "closesAt": "18:00", "slotMinutes": 99999999999999 }""");

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("slotMinutes", problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task PostingALinacAtAnUnknownCenterIs404()
    {
        var response = await api.PostAsync("/api/v1/centers/nope/linacs", new { name = "TB", opensAt = "08:00", closesAt = "18:00", slotMinutes = 30 });

        await Client.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task PostingADowntimeAnswers201AndListsIt()
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);

        var response = await api.PostAsync($"/api/v1/linacs/{linac.Id}/downtimes", new { start = "2026-12-08T08:00", end = "2026-12-08T18:00", reason = "annual QA" });

        var downtime = await Client.CreatedAsync<Downtime>(response);
        Assert.Equal(new Downtime(downtime.Id, linac.Id, "2026-12-08T08:00", "2026-12-08T18:00", "annual QA"), downtime);
        Assert.Equal([downtime], await Client.OkAsync<Downtime[]>(await api.Http.GetAsync($"/api/v1/linacs/{linac.Id}/downtimes")));
    }

    [ProviderFact]
    public async Task PostingADowntimeThatEndsBeforeItStartsIs400OnEnd()
    {
        var linac = await api.LinacAsync((await api.CenterAsync()).Id);

        var response = await api.PostAsync($"/api/v1/linacs/{linac.Id}/downtimes", new { start = "2026-12-08T12:00", end = "2026-12-08T08:00", reason = "QA" });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["end"], problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task PostingADowntimeForAnUnknownLinacIs404()
    {
        var response = await api.PostAsync("/api/v1/linacs/nope/downtimes", new { start = "2026-12-08T08:00", end = "2026-12-08T18:00", reason = "QA" });

        await Client.ProblemAsync(response, HttpStatusCode.NotFound);
    }
}
