using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Every refusal says what to send instead: the roles, the If-Match form, the allowed values, the unknown field.</summary>
public class RefusalsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    [ProviderFact]
    public async Task Forbidden_NamesTheRolesTheOperationAcceptsAndTheRolesTheTokenCarries()
    {
        var api = app.Api();
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var viewer = app.Api(Tokens.For("viewer"));

        var response = await viewer.ReplanAsync(plan.Id, plan.Version);

        var problem = await Client.ProblemAsync(response, HttpStatusCode.Forbidden);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["physicist"], body.RootElement.GetProperty("requiredRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["viewer"], body.RootElement.GetProperty("yourRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("physicist", problem.Detail);
        Assert.Contains("viewer", problem.Detail);
    }

    [ProviderFact]
    public async Task Forbidden_ForATreatmentChange_ListsBothRolesThatMayMakeIt()
    {
        var response = await app.Api(Tokens.For("admin", "viewer")).Http.DeleteAsync("/api/v1/plans/nope?reason=x");

        await Client.ProblemAsync(response, HttpStatusCode.Forbidden);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["scheduler", "physicist"], body.RootElement.GetProperty("requiredRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["admin", "viewer"], body.RootElement.GetProperty("yourRoles").EnumerateArray().Select(r => r.GetString()));
    }

    // An unquoted version and a weak tag are malformed, not stale: a 412 would send the client to
    // read a plan that has not changed.
    [ProviderTheory]
    [InlineData("1", "If-Match: \"1\"")]
    [InlineData("W/\"1\"", "strong")]
    public async Task IfMatch_NotAQuotedStrongEntityTag_Is400SayingHowToWriteIt(string ifMatch, string advice)
    {
        var api = app.Api();
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/plans/{plan.Id}/replan") { Content = JsonContent.Create(new { reason = "new CT" }) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        var problem = await Client.ProblemAsync(await api.Http.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Contains(advice, Assert.Single(problem.Errors!["If-Match"]));
        Assert.Equal(1, (await api.GetPlanAsync(plan.Id)).Version);
    }

    [ProviderFact]
    public async Task UnknownDeliveryOutcome_ListsTheAllowedOnes()
    {
        var api = app.Api();
        var (_, _, _, plan) = await api.PlannedPatientAsync();

        var response = await api.DeliveryAsync(plan, plan.Fractions[0], new { outcome = "given" });

        var problem = await Client.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["'given' is not one of: delivered, missed."], problem.Errors!["outcome"]);
    }

    [ProviderFact]
    public async Task UnknownOpenDay_AndUnknownSlotStatus_ListTheAllowedOnes()
    {
        var api = app.Api();
        var center = await api.CenterAsync();

        var day = await Client.ProblemAsync(
            await api.PostAsync("/api/v1/centers", new { name = "B", timeZone = "UTC", openDays = new[] { "monday", "funday" } }), HttpStatusCode.BadRequest);
        var status = await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/centers/{center.Id}/slots?status=taken"), HttpStatusCode.BadRequest);

        Assert.Equal(["'funday' is not one of: monday, tuesday, wednesday, thursday, friday, saturday, sunday."], day.Errors!["openDays[1]"]);
        Assert.Equal(["'taken' is not one of: free, booked."], status.Errors!["status"]);
    }

    [ProviderFact]
    public async Task UnknownField_IsA400ThatNamesIt_AtItsPath()
    {
        var api = app.Api();
        var center = await api.CenterAsync();

        var top = await Client.ProblemAsync(
            await api.PostRawAsync("/api/v1/centers", """{ "name": "B", "timeZone": "UTC", "holidays": "us-federal" }"""), HttpStatusCode.BadRequest);
        var nested = await Client.ProblemAsync(await api.PostRawAsync("/api/v1/patients", $$"""
            { "studyId": "CIMER-900", "centerId": "{{center.Id}}", "arm": 2, "dayOne": "2026-12-07",
              "lesions": [ { "label": "T8 vertebra", "diameterCm": 2.4 } ] }
            """), HttpStatusCode.BadRequest);

        Assert.Contains("'holidays'", Assert.Single(top.Errors!["holidays"]));
        Assert.Contains("'diameterCm'", Assert.Single(nested.Errors!["lesions[0].diameterCm"]));
    }
}
