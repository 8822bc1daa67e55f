using System.Net;
using System.Net.Http.Headers;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// A feed's ETag is taken from the stored stamps, not the written feed: unchanged data is a 304, and
/// every change a calendar client would see in the feed gives a new ETag.
/// </summary>
public class CalendarETagTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private const string December = "from=2026-12-01&to=2026-12-31";

    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task UnchangedData_Is304WithTheSameETag_OnBothFeeds()
    {
        var (_, linac, patient, _) = await api.PlannedPatientAsync();

        foreach (var url in new[] { LinacFeed(linac.Id), $"/api/v1/linacs/{linac.Id}/calendar.ics", PatientFeed(patient.Id), $"/api/v1/patients/{patient.Id}/calendar.ics" })
        {
            var etag = await ETagAsync(url);
            var again = await api.Http.SendAsync(WithIfNoneMatch(url, etag));

            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Equal(etag, again.Headers.ETag);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        }
    }

    [ProviderFact]
    public async Task TheLinacAndPatientFeedsOfTheSameFractions_HaveDifferentETags()
    {
        var (_, linac, patient, _) = await api.PlannedPatientAsync();

        Assert.NotEqual(await ETagAsync(LinacFeed(linac.Id)), await ETagAsync(PatientFeed(patient.Id)));
    }

    [ProviderFact]
    public async Task AMove_ChangesTheETag()
    {
        var (_, linac, patient, plan) = await api.PlannedPatientAsync();
        var last = plan.Fractions.MaxBy(f => f.StartsAt)!;

        await AssertChangedAsync([LinacFeed(linac.Id), PatientFeed(patient.Id)], async () =>
            await Client.OkAsync<Plan>(await api.MoveAsync(plan, last, new { start = last.Start[..11] + "12:00:00" + last.Start[19..] })));
    }

    [ProviderFact]
    public async Task ADelivery_ChangesTheETag()
    {
        var (_, linac, patient, plan) = await api.PlannedPatientAsync();
        var first = plan.Fractions.MinBy(f => f.StartsAt)!;
        api.AfterStartOf(first);

        await AssertChangedAsync([LinacFeed(linac.Id), PatientFeed(patient.Id)], async () =>
            await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, first, new { outcome = "delivered" })));
    }

    [ProviderFact]
    public async Task AMiss_ChangesTheETag()
    {
        var (_, linac, patient, plan) = await api.PlannedPatientAsync();
        var first = plan.Fractions.MinBy(f => f.StartsAt)!;
        api.AfterStartOf(first);

        await AssertChangedAsync([LinacFeed(linac.Id), PatientFeed(patient.Id)], async () =>
            await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, first, new { outcome = "missed" })));
    }

    [ProviderFact]
    public async Task ACancelledPlan_ChangesTheETag()
    {
        var (_, linac, patient, plan) = await api.PlannedPatientAsync();

        await AssertChangedAsync([LinacFeed(linac.Id), PatientFeed(patient.Id)], async () =>
            await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version)));
    }

    [ProviderFact]
    public async Task ANewPlanOnTheLinac_ChangesTheLinacFeedsETag()
    {
        var (center, linac, _, _) = await api.PlannedPatientAsync();
        var other = await api.PatientAsync(center.Id);

        await AssertChangedAsync([LinacFeed(linac.Id)], async () => await Client.CreatedAsync<Plan>(await api.PlanAsync(other.Id)));
    }

    [ProviderFact]
    public async Task ALesionLabelCorrection_ChangesThePatientFeedsETag()
    {
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var lesion = patient.Lesions[0];

        await AssertChangedAsync([PatientFeed(patient.Id)], async () =>
            await Client.OkAsync<PatientChange>(await api.ChangeAsync(HttpMethod.Patch, $"/api/v1/patients/{patient.Id}", 1, new
            {
                lesions = new[] { new { id = lesion.Id, label = "T9 vertebra", site = lesion.Site, greatestDiameterCm = lesion.GreatestDiameterCm } },
                reason = "wrong level",
            })));
    }

    [ProviderFact]
    public async Task ACancelledEventAgeingOut_ChangesTheETag()
    {
        var (_, linac, patient, plan) = await api.PlannedPatientAsync();
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));

        await AssertChangedAsync([LinacFeed(linac.Id), PatientFeed(patient.Id)], () =>
        {
            api.Clock.Advance(Duration.FromDays(31));
            return Task.CompletedTask;
        });
    }

    private static string LinacFeed(string linacId) => $"/api/v1/linacs/{linacId}/calendar.ics?{December}";

    private static string PatientFeed(string patientId) => $"/api/v1/patients/{patientId}/calendar.ics?{December}";

    /// <summary>Each feed is a 304 before <paramref name="change"/>, a 200 with a new ETag after it, and a 304 on that one.</summary>
    private async Task AssertChangedAsync(string[] urls, Func<Task> change)
    {
        var before = new List<EntityTagHeaderValue>();
        foreach (var url in urls)
        {
            var etag = await ETagAsync(url);
            Assert.Equal(HttpStatusCode.NotModified, (await api.Http.SendAsync(WithIfNoneMatch(url, etag))).StatusCode);
            before.Add(etag);
        }

        await change();

        foreach (var (url, etag) in urls.Zip(before))
        {
            var changed = await api.Http.SendAsync(WithIfNoneMatch(url, etag));
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.NotEqual(etag, changed.Headers.ETag);
            Assert.Equal(HttpStatusCode.NotModified, (await api.Http.SendAsync(WithIfNoneMatch(url, changed.Headers.ETag!))).StatusCode);
        }
    }

    private async Task<EntityTagHeaderValue> ETagAsync(string url)
    {
        var response = await api.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!;
    }

    private static HttpRequestMessage WithIfNoneMatch(string url, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return request;
    }
}
