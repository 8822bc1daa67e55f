using Cimer.Sbrt.Api.Tests.Infrastructure;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Swagger UI as a person meets it: a real Chromium against the service on a real port.</summary>
public sealed class SwaggerUiTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private const string Centers = "Centers and linacs", Patients = "Patients", Plans = "Plans", Days = "Days that follow";

    private readonly SbrtApp app = SbrtApp.Served();

    [BrowserFact]
    public async Task SwaggerUiLoadsTheDocumentAndListsTheOperations()
    {
        var page = await browser.PageAsync();

        await page.GotoAsync(new Uri(app.Address, "/swagger/index.html").ToString());
        await page.Locator(".opblock").First.WaitForAsync();

        Assert.True(await page.Locator(".opblock").CountAsync() > 20);
        await page.ScreenshotAsync(new() { Path = Browsers.Artifact("swagger.png") });
    }

    /// <summary>
    /// A physicist's whole job through Swagger UI alone. Every change but one leaves If-Match empty:
    /// the page's interceptor fills it with the ETag of the plan it last saw. Idempotency-Key stays empty.
    /// </summary>
    [BrowserFact]
    public async Task APhysicistPlansMovesPinsReplansAndRecordsADeliveryInSwaggerUi()
    {
        var swagger = await SwaggerPage.OpenAsync(await browser.PageAsync(), app.Address);
        await swagger.AuthorizeAsync(Tokens.Mint(Tokens.AllRoles));

        var center = await swagger.ExecuteAsync(Centers, "CreateCenter", body: """
            { "name": "Weill Cornell Medicine", "timeZone": "America/New_York", "holidayCalendar": "us-federal" }
            """);
        Assert.Equal(201, center.Status);
        Assert.Equal("", await SwaggerPage.Field(center.Operation, "Idempotency-Key").InputValueAsync());
        var centerId = center.Json.GetProperty("id").GetString()!;

        var linac = await swagger.ExecuteAsync(Centers, "CreateLinac", Params(("centerId", centerId)),
            """{ "name": "TrueBeam 1", "opensAt": "08:00", "closesAt": "18:00", "slotMinutes": 30 }""");
        Assert.Equal(201, linac.Status);

        var patient = await swagger.ExecuteAsync(Patients, "CreatePatient", body: $$"""
            { "studyId": "CIMER-017", "centerId": "{{centerId}}", "arm": 2, "dayOne": "2026-12-07",
              "lesions": [ { "label": "T8 vertebra", "site": "bone", "greatestDiameterCm": 2.4 } ] }
            """);
        Assert.Equal(201, patient.Status);

        var plan = await swagger.ExecuteAsync(Plans, "CreatePlan", Params(("patientId", patient.Json.GetProperty("id").GetString()!)), """{ "maxFractionsPerDay": 3 }""");
        Assert.Equal(201, plan.Status);
        var planId = plan.Json.GetProperty("id").GetString()!;
        var last = plan.Json.GetProperty("fractions").EnumerateArray().Last();
        var lastId = last.GetProperty("id").GetString()!;
        var noon = last.GetProperty("start").GetString()![..10] + "T12:00:00-05:00";

        var moved = await swagger.ExecuteAsync(Plans, "EditFraction", Params(("planId", planId), ("fractionId", lastId)),
            $$"""{ "start": "{{noon}}", "reason": "patient asked for noon" }""");
        Assert.Equal(200, moved.Status);
        Assert.Equal(noon, moved.Json.GetProperty("fractions").EnumerateArray().Single(f => f.GetProperty("id").GetString() == lastId).GetProperty("start").GetString());
        Assert.Equal("", await SwaggerPage.Field(moved.Operation, "If-Match").InputValueAsync());
        await moved.Operation.ScreenshotAsync(new() { Path = Browsers.Artifact("swagger-change.png") });

        // Typed by hand, it is sent as typed.
        var pinned = await swagger.ExecuteAsync(Plans, "EditFraction", Params(("planId", planId), ("fractionId", lastId), ("If-Match", "\"2\"")),
            """{ "pinned": true, "reason": "keep noon" }""");
        Assert.Equal(200, pinned.Status);
        Assert.Equal(3, pinned.Json.GetProperty("version").GetInt64());

        var replanned = await swagger.ExecuteAsync(Plans, "Replan", Params(("planId", planId), ("If-Match", "")), """{ "reason": "new CT after a fall" }""");
        Assert.Equal(200, replanned.Status);
        var first = replanned.Json.GetProperty("fractions").EnumerateArray().OrderBy(f => f.GetProperty("start").GetString(), StringComparer.Ordinal).First();

        app.Clock.Reset(Instant.FromDateTimeOffset(DateTimeOffset.Parse(first.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Plus(Duration.FromMinutes(40)));
        var delivered = await swagger.ExecuteAsync(Days, "RecordDelivery", Params(("planId", planId), ("fractionId", first.GetProperty("id").GetString()!)),
            """{ "outcome": "delivered" }""");
        Assert.Equal(200, delivered.Status);
        Assert.Equal(5, delivered.Json.GetProperty("version").GetInt64());
        Assert.Equal("active", delivered.Json.GetProperty("status").GetString());
    }

    public void Dispose() => app.Dispose();

    private static Dictionary<string, string> Params(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);
}
