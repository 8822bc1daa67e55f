using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Who may call what, as the contract's "Access" section assigns it; the README's access table says the same.</summary>
public partial class AccessTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private const string Admin = "admin", Scheduler = "scheduler", Physicist = "physicist", Viewer = "viewer";
    private static readonly string[] Everyone = [Admin, Scheduler, Physicist, Viewer];

    /// <summary>Every endpoint's decision. A mapped endpoint missing here fails the test: decide it first.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["POST /api/v1/centers"] = [Admin],
        ["GET /api/v1/centers"] = Everyone,
        ["GET /api/v1/centers/{centerId}"] = Everyone,
        ["POST /api/v1/centers/{centerId}/closures"] = [Admin],
        ["GET /api/v1/centers/{centerId}/closures"] = Everyone,
        ["POST /api/v1/centers/{centerId}/linacs"] = [Admin],
        ["GET /api/v1/centers/{centerId}/linacs"] = Everyone,
        ["GET /api/v1/linacs/{linacId}"] = Everyone,
        ["POST /api/v1/linacs/{linacId}/downtimes"] = [Admin],
        ["GET /api/v1/linacs/{linacId}/downtimes"] = Everyone,
        ["PATCH /api/v1/linacs/{linacId}"] = [Admin],
        ["POST /api/v1/linacs/{linacId}/openings"] = [Admin],
        ["GET /api/v1/linacs/{linacId}/openings"] = Everyone,
        ["DELETE /api/v1/linacs/{linacId}/openings/{openingId}"] = [Admin],
        ["GET /api/v1/centers/{centerId}/slots"] = Everyone,
        ["GET /api/v1/centers/{centerId}/worklist"] = Everyone,
        ["GET /api/v1/centers/{centerId}/board.svg"] = Everyone,
        ["GET /api/v1/plans/{planId}/chart.svg"] = Everyone,
        ["GET /api/v1/centers/{centerId}/start-dates"] = [Scheduler],
        ["POST /api/v1/patients"] = [Scheduler],
        ["GET /api/v1/patients"] = Everyone,
        ["GET /api/v1/patients/{patientId}"] = Everyone,
        ["PATCH /api/v1/patients/{patientId}"] = [Scheduler],
        ["POST /api/v1/patients/{patientId}/withdrawal"] = [Scheduler],
        ["POST /api/v1/patients/{patientId}/absences"] = [Scheduler],
        ["GET /api/v1/patients/{patientId}/absences"] = Everyone,
        ["GET /api/v1/patients/{patientId}/absences/{absenceId}"] = Everyone,
        ["DELETE /api/v1/patients/{patientId}/absences/{absenceId}"] = [Scheduler],
        ["POST /api/v1/patients/{patientId}/plan"] = [Scheduler],
        ["POST /api/v1/proposals/{proposalId}/acceptance"] = [Scheduler],
        ["GET /api/v1/patients/{patientId}/plan"] = Everyone,
        ["GET /api/v1/plans"] = Everyone,
        ["GET /api/v1/plans/{planId}"] = Everyone,
        ["PATCH /api/v1/plans/{planId}/fractions/{fractionId}"] = [Physicist],
        ["POST /api/v1/plans/{planId}/replan"] = [Physicist],
        ["POST /api/v1/plans/{planId}/fractions/{fractionId}/delivery"] = [Scheduler, Physicist],
        ["DELETE /api/v1/plans/{planId}"] = [Scheduler, Physicist],
        ["GET /api/v1/plans/{planId}/history"] = Everyone,
        ["GET /api/v1/audit"] = [Admin],
        ["GET /api/v1/audit/verify"] = [Admin],
        ["POST /api/v1/webhooks"] = [Admin],
        ["GET /api/v1/webhooks"] = [Admin],
        ["GET /api/v1/webhooks/{webhookId}"] = [Admin],
        ["DELETE /api/v1/webhooks/{webhookId}"] = [Admin],
        ["GET /api/v1/webhooks/{webhookId}/deliveries"] = [Admin],
        ["GET /api/v1/linacs/{linacId}/calendar.ics"] = Everyone,
        ["GET /api/v1/patients/{patientId}/calendar.ics"] = Everyone,
        ["GET /fhir/r4/metadata"] = Everyone,
        ["GET /fhir/r4/Schedule"] = Everyone,
        ["GET /fhir/r4/Schedule/{id}"] = Everyone,
        ["GET /fhir/r4/Slot"] = Everyone,
        ["GET /fhir/r4/Slot/{id}"] = Everyone,
        ["GET /fhir/r4/Appointment"] = Everyone,
        ["GET /fhir/r4/Appointment/{id}"] = Everyone,
        ["GET /fhir/r4/Device/{id}"] = Everyone,
        ["ANY /fhir/r4/{**rest}"] = Everyone,
        ["POST /api/v1/feeds"] = [Admin],
        ["GET /api/v1/feeds"] = [Admin],
        ["DELETE /api/v1/feeds/{feedId}"] = [Admin],
    };

    private static readonly string[] CalendarFeeds =
    [
        "GET /api/v1/linacs/{linacId}/calendar.ics",
        "GET /api/v1/patients/{patientId}/calendar.ics",
    ];

    [ProviderFact]
    public async Task EveryEndpoint_EachRoleAndNoToken_AnswersAsTheAccessTableSays()
    {
        var endpoints = MappedEndpoints();
        var failures = new List<string>();
        foreach (var (key, endpoint) in endpoints)
        {
            if (!Allowed.TryGetValue(key, out var allowed))
            {
                failures.Add($"{key} has no access decision: add it to AccessTests.Allowed and the README's access table.");
                continue;
            }

            // Calendar feeds are anonymous routes decided by FeedAccess: no token is the unknown feed's 404.
            var feed = CalendarFeeds.Contains(key);
            if (!feed && (!endpoint.Metadata.OfType<IAuthorizeData>().Any() || endpoint.Metadata.OfType<IAllowAnonymous>().Any()))
            {
                failures.Add($"{key} carries no RequireAuthorization policy.");
            }

            foreach (var role in Everyone.Append(null))
            {
                var status = await SendAsync(key, role is null ? null : Tokens.For(role));
                var expected = role is null ? (feed ? "404" : "401") : allowed.Contains(role) ? "neither 401 nor 403" : "403";
                var ok = role is null ? status == (feed ? HttpStatusCode.NotFound : HttpStatusCode.Unauthorized)
                    : allowed.Contains(role) ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    : status == HttpStatusCode.Forbidden;
                if (!ok)
                {
                    failures.Add($"{key} as {role ?? "no token"}: expected {expected}, got {(int)status}.");
                }
            }
        }

        failures.AddRange(Allowed.Keys.Except(endpoints.Keys).Select(k => $"{k} is in the access table but not mapped."));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // Why these: each way a token can be wrong must be a 401, never a 403 or a pass.
    [ProviderTheory]
    [InlineData("not-a-jwt")]
    [InlineData("wrong-key")]
    [InlineData("wrong-issuer")]
    [InlineData("wrong-audience")]
    [InlineData("expired")]
    public async Task ABadToken_IsA401ProblemWithABearerChallenge(string how)
    {
        var token = how switch
        {
            "not-a-jwt" => "abc.def.ghi",
            "wrong-key" => Tokens.Mint(Tokens.AllRoles, key: new byte[32]),
            "wrong-issuer" => Tokens.Mint(Tokens.AllRoles, issuer: "someone-else"),
            "wrong-audience" => Tokens.Mint(Tokens.AllRoles, audience: "another-service"),
            _ => Tokens.Mint(Tokens.AllRoles, expires: DateTime.UtcNow.AddMinutes(-10)),
        };

        var response = await app.Api(token).Http.GetAsync("/api/v1/centers/x");

        await Client.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task ATokenWithoutARole_IsA403Problem() =>
        await Client.ProblemAsync(await app.Api(Tokens.Mint([])).Http.GetAsync("/api/v1/centers/x"), HttpStatusCode.Forbidden);

    [ProviderFact]
    public async Task AnUnknownRole_IsA403Problem() =>
        await Client.ProblemAsync(await app.Api(Tokens.For("nurse")).Http.GetAsync("/api/v1/centers/x"), HttpStatusCode.Forbidden);

    [ProviderFact]
    public async Task ViewerReadsWhatAnAdminWrote()
    {
        var center = await app.Api(Tokens.For(Admin)).CenterAsync();

        var response = await app.Api(Tokens.For(Viewer)).Http.GetAsync($"/api/v1/centers/{center.Id}");

        Assert.Equal(center.Id, (await Client.OkAsync<Center>(response)).Id);
    }

    [ProviderFact]
    public async Task ViewerCannotCreateACenter_AndNothingIsWritten()
    {
        var response = await app.Api(Tokens.For(Viewer)).PostAsync("/api/v1/centers", new { name = "X", timeZone = "UTC" });

        await Client.ProblemAsync(response, HttpStatusCode.Forbidden);
        using var database = app.OpenDatabase();
        using var command = database.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM centers WHERE name = 'X';";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
    }

    [ProviderFact]
    public async Task HealthAndSwaggerNeedNoToken()
    {
        var anonymous = app.Api(token: null).Http;

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/swagger/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/swagger/v1/swagger.json")).StatusCode);
    }

    [ProviderFact]
    public async Task ThePageAndItsAssetsNeedNoToken()
    {
        var anonymous = app.Api(token: null).Http;

        foreach (var path in new[] { "/", "/index.html", "/app.js", "/app.css" })
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
        }
    }

    [ProviderFact]
    public async Task AnUnknownRouteWithoutAToken_IsA401() =>
        await Client.ProblemAsync(await app.Api(token: null).Http.GetAsync("/api/v1/nothing-here"), HttpStatusCode.Unauthorized);

    private Dictionary<string, RouteEndpoint> MappedEndpoints()
    {
        _ = app.Server; // starts the app, so its endpoints are mapped
        var all = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimEnd('/') is not ("/health" or "/health/live" or "/health/ready"));
        return all
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => (Key: $"{m} {"/" + e.RoutePattern.RawText!.Trim('/')}", Endpoint: e)))
            .ToDictionary(x => x.Key, x => x.Endpoint);
    }

    private async Task<HttpStatusCode> SendAsync(string key, string? token)
    {
        var (method, pattern) = (key[..key.IndexOf(' ', StringComparison.Ordinal)], key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        using var request = new HttpRequestMessage(new HttpMethod(method), RouteParameter().Replace(pattern, "x0"));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = JsonContent.Create(new { });
        }

        return (await app.Api(token).Http.SendAsync(request)).StatusCode;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
