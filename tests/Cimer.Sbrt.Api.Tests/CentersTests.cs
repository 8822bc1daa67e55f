using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class CentersTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task PostingACenterAnswers201WithItsLocationAndMondayToFridayByDefault()
    {
        var response = await api.PostAsync("/api/v1/centers", new { name = "NYP Queens", timeZone = "America/New_York" });

        var center = await Client.CreatedAsync<Center>(response);
        Assert.Equal($"/api/v1/centers/{center.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday"], center.OpenDays);
        Assert.Null(center.HolidayCalendar);
        Client.SameJson(center, await Client.OkAsync<Center>(await api.Http.GetAsync(response.Headers.Location)));
    }

    [ProviderFact]
    public async Task PostingACenterWithUnknownZoneWeekdayAndCalendarListsEachFieldError()
    {
        var response = await api.PostAsync("/api/v1/centers", new { name = "", timeZone = "Mars/Olympus_Mons", openDays = Array.Empty<string>(), holidayCalendar = "uk" });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["name", "timeZone", "openDays", "holidayCalendar"], problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task PostingACenterWithAWeekdayThatDoesNotExistIs400OnThatField()
    {
        var response = await api.PostAsync("/api/v1/centers", new { name = "x", timeZone = "America/New_York", openDays = new[] { "monday", "funday" } });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("openDays[1]", problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task ReadingAnUnknownCenterIs404()
    {
        var problem = await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/centers/nope"), HttpStatusCode.NotFound);

        Assert.Contains("nope", problem.Detail);
    }

    [ProviderFact]
    public async Task ClosuresListManualOnesAndTheUsFederalHolidaysWithTheirSource()
    {
        var center = await api.CenterAsync(holidayCalendar: "us-federal");
        await Client.CreatedAsync<Closure>(await api.PostAsync($"/api/v1/centers/{center.Id}/closures", new { date = "2026-11-27", reason = "Day after Thanksgiving" }));

        var closures = await Client.OkAsync<Closure[]>(await api.Http.GetAsync($"/api/v1/centers/{center.Id}/closures?from=2026-11-01&to=2027-01-04"));

        Assert.Equal(
            [("2026-11-11", "us-federal"), ("2026-11-26", "us-federal"), ("2026-11-27", "manual"), ("2026-12-25", "us-federal"), ("2027-01-01", "us-federal")],
            closures.Select(c => (c.Date, c.Source)));
        Assert.Equal("Thanksgiving Day", closures[1].Reason);
    }

    [ProviderFact]
    public async Task ACenterWithoutHolidayCalendarListsOnlyItsManualClosures()
    {
        var center = await api.CenterAsync(holidayCalendar: null);

        var closures = await Client.OkAsync<Closure[]>(await api.Http.GetAsync($"/api/v1/centers/{center.Id}/closures?from=2026-11-01&to=2026-12-31"));

        Assert.Empty(closures);
    }

    [ProviderFact]
    public async Task ClosingTheSameDateTwiceIs409()
    {
        var center = await api.CenterAsync();
        await Client.CreatedAsync<Closure>(await api.PostAsync($"/api/v1/centers/{center.Id}/closures", new { date = "2026-12-24", reason = "Christmas Eve" }));

        var response = await api.PostAsync($"/api/v1/centers/{center.Id}/closures", new { date = "2026-12-24", reason = "again" });

        await Client.ProblemAsync(response, HttpStatusCode.Conflict);
    }

    [ProviderTheory]
    [InlineData("2026-02-30")] // a date that does not exist
    [InlineData("12/24/2026")] // not ISO
    [InlineData("")]
    public async Task ClosingOnAnImpossibleDateIs400OnDate(string date)
    {
        var center = await api.CenterAsync();

        var response = await api.PostAsync($"/api/v1/centers/{center.Id}/closures", new { date, reason = "x" });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("date", problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task ClosingAnUnknownCenterIs404()
    {
        var response = await api.PostAsync("/api/v1/centers/nope/closures", new { date = "2026-12-24", reason = "x" });

        await Client.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task ListingClosuresWithToBeforeFromIs400()
    {
        var center = await api.CenterAsync();

        var response = await api.Http.GetAsync($"/api/v1/centers/{center.Id}/closures?from=2026-12-31&to=2026-12-01");

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("to", problem.Errors!.Keys);
    }
}
