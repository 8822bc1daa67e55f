using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>No input, however broken, is a 5xx: each is a problem the client can act on.</summary>
public class MalformedRequestsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    // Why these: truncated JSON (named where it stops), a value of the wrong kind at the root and inside, an array
    // where an object belongs, a number too big for its field, and an empty body.
    [ProviderTheory]
    [InlineData("""{ "name": """, "name")]
    [InlineData("""[1, 2]""", "body")]
    [InlineData("""{ "name": 5, "timeZone": "America/New_York" }""", "name")]
    [InlineData("""{ "name": "x", "timeZone": "America/New_York", "openDays": "monday" }""", "openDays")]
    [InlineData("""null""", "body")]
    [InlineData("", "body")]
    public async Task AMalformedBodyIs400WithTheFieldThatBrokeIt(string body, string field)
    {
        var response = await api.PostRawAsync("/api/v1/centers", body);

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors!.Keys);
    }

    [ProviderFact]
    public async Task AnOutOfRangeNumberIs400OnThatField()
    {
        var center = await api.CenterAsync();

        var response = await api.PostRawAsync("/api/v1/patients",
            $$"""{ "studyId": "X", "centerId": "{{center.Id}}", "arm": 1e400, "dayOne": "2026-12-07" }""");

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("arm", problem.Errors!.Keys);
    }

    // Why these: the generated bad requests found that a date at the calendar's end overflowed the
    // range arithmetic after it (a year of closures, 13 days of slots, 62 of start dates).
    [ProviderTheory]
    [InlineData("slots?from=9999-12-31")]
    [InlineData("worklist?date=9999-12-31")]
    [InlineData("closures?from=9999-12-31")]
    [InlineData("start-dates?lesions=1&from=9999-12-31")]
    [InlineData("closures?from=1899-12-31")]
    public async Task ADateOutsideTheYears1900To2999Is400(string query)
    {
        var center = await api.CenterAsync();

        var problem = await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/centers/{center.Id}/{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(problem.Errors!.Values.SelectMany(m => m), m => m.Contains("1900", StringComparison.Ordinal));
    }

    // Why these: an audit bound is a moment, a UTC instant or a date, and each of them at the calendar's ends
    // overflowed turning it into an instant (a local 9999-12-31 west of UTC is in year 10000).
    [ProviderTheory]
    [InlineData("from=9999-12-31T23:59:59-12:00")]
    [InlineData("to=0001-01-01T00:00:00%2B14:00")]
    [InlineData("from=9999-12-31T23:59:59Z")]
    [InlineData("to=9999-12-31")]
    [InlineData("from=1899-12-31")]
    public async Task AnAuditBoundOutsideTheYears1900To2999Is400(string query)
    {
        var problem = await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/audit?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(problem.Errors!.Values.SelectMany(m => m), m => m.Contains("1900", StringComparison.Ordinal));
    }

    // Why these: each overflowed the date arithmetic after it (a year's precision plus one year, a day
    // before 0001-01-01 in a zone west of UTC, a slot id at the calendar's last half hour, a visit's
    // date, a moment whose instant is in year 10000). One bound, the API's 1900 to 2999, refuses them all.
    [ProviderTheory]
    [InlineData("Slot?start=ge9999-12-30")]
    [InlineData("Slot?start=lt0001-01-02")]
    [InlineData("Slot?start=9999")]
    [InlineData("Slot?start=gt9999-12")]
    [InlineData("Slot?start=ge9999-12-31T23:59:59-12:00")]
    [InlineData("Slot?start=ge2026-12-07&start=lt3000-01-01")]
    [InlineData("Appointment?date=le9999-12-31")]
    [InlineData("Appointment?date=ge0001-01-01T00:00:00%2B14:00")]
    [InlineData("Slot/{linac}-99991231T2330Z")]
    [InlineData("Slot/{linac}-00010101T0000Z")]
    [InlineData("Appointment/{plan}-99991231")]
    public async Task AFhirDateOrIdOutsideTheYears1900To2999Is400OperationOutcome(string request)
    {
        var (_, linac, _, plan) = await api.PlannedPatientAsync();
        var url = request.Replace("{linac}", linac.Id, StringComparison.Ordinal).Replace("{plan}", plan.Id, StringComparison.Ordinal);

        var outcome = await FhirReader.OutcomeAsync(api.Http, $"/fhir/r4/{url}", HttpStatusCode.BadRequest);

        Assert.Equal(Hl7.Fhir.Model.OperationOutcome.IssueType.Invalid, outcome.Issue[0].Code);
        Assert.Contains("1900", outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task AWrongContentTypeIs415()
    {
        var response = await api.PostRawAsync("/api/v1/centers", "name=x", "application/x-www-form-urlencoded");

        await Client.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [ProviderFact]
    public async Task AnUnknownRouteIsA404Problem() =>
        await Client.ProblemAsync(await api.Http.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound);

    [ProviderFact]
    public async Task ProblemsCarryNoStackTrace()
    {
        var text = await (await api.PostRawAsync("/api/v1/centers", "{ broken")).Content.ReadAsStringAsync();

        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }
}
