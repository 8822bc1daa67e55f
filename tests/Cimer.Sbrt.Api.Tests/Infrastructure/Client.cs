using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Testing;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>A client that speaks the contract, so tests read as what a scheduler does.</summary>
public sealed class Client(HttpClient http, FakeClock clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http => http;

    public FakeClock Clock => clock;

    public async Task<Center> CenterAsync(string? holidayCalendar = "us-federal", string timeZone = "America/New_York", string[]? openDays = null) =>
        await CreatedAsync<Center>(await PostAsync("/api/v1/centers", new { name = "Weill Cornell Medicine", timeZone, openDays, holidayCalendar }));

    public async Task<Linac> LinacAsync(string centerId, string opensAt = "08:00", string closesAt = "18:00", int slotMinutes = 30, string name = "TrueBeam 1") =>
        await CreatedAsync<Linac>(await PostAsync($"/api/v1/centers/{centerId}/linacs", new { name, opensAt, closesAt, slotMinutes }));

    public async Task<Patient> PatientAsync(string centerId, int lesions = 1, string dayOne = "2026-12-07", int arm = 2, string? studyId = null) =>
        await CreatedAsync<Patient>(await PostAsync("/api/v1/patients", new
        {
            studyId = studyId ?? $"CIMER-{Guid.NewGuid():N}"[..16],
            centerId,
            arm,
            dayOne,
            lesions = Enumerable.Range(1, lesions).Select(i => new { label = $"Lesion {i}", site = "bone", greatestDiameterCm = 2.0 }).ToArray(),
        }));

    /// <summary>A center with one linac (08:00-18:00, 30-minute slots) and a one-lesion patient planned from D1 = Monday 2026-12-07.</summary>
    public async Task<(Center Center, Linac Linac, Patient Patient, Plan Plan)> PlannedPatientAsync(int lesions = 1)
    {
        var center = await CenterAsync();
        var linac = await LinacAsync(center.Id);
        var patient = await PatientAsync(center.Id, lesions);
        return (center, linac, patient, await CreatedAsync<Plan>(await PlanAsync(patient.Id)));
    }

    public Task<HttpResponseMessage> PlanAsync(string patientId, object? body = null) =>
        body is null ? http.PostAsync($"/api/v1/patients/{patientId}/plan", null) : PostAsync($"/api/v1/patients/{patientId}/plan", body);

    public async Task<Plan> GetPlanAsync(string planId) => await OkAsync<Plan>(await http.GetAsync($"/api/v1/plans/{planId}"));

    public async Task<IReadOnlyList<Slot>> SlotsAsync(string centerId, string from, string to, string? status = null) =>
        await OkAsync<Slot[]>(await http.GetAsync($"/api/v1/centers/{centerId}/slots?from={from}&to={to}{(status is null ? "" : $"&status={status}")}"));

    public Task<HttpResponseMessage> PostAsync(string url, object body) => http.PostAsJsonAsync(url, body, Json);

    public Task<HttpResponseMessage> PostRawAsync(string url, string body, string contentType = "application/json") =>
        http.PostAsync(url, new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)));

    /// <summary>Sends a plan change with <c>If-Match: "version"</c> (or without it when null).</summary>
    public Task<HttpResponseMessage> ChangeAsync(HttpMethod method, string url, long? ifMatch, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        }

        return http.SendAsync(request);
    }

    /// <summary>A physicist's edit; the body gets a reason when it names none (every edit needs one).</summary>
    public Task<HttpResponseMessage> MoveAsync(Plan plan, Fraction fraction, object body, long? ifMatch = -1) =>
        ChangeAsync(HttpMethod.Patch, $"/api/v1/plans/{plan.Id}/fractions/{fraction.Id}", ifMatch == -1 ? plan.Version : ifMatch, WithReason(body));

    /// <summary>A delivery or a miss; the body gets a reason when it names none (a miss needs one).</summary>
    public Task<HttpResponseMessage> DeliveryAsync(Plan plan, Fraction fraction, object body) =>
        ChangeAsync(HttpMethod.Post, $"/api/v1/plans/{plan.Id}/fractions/{fraction.Id}/delivery", plan.Version, WithReason(body));

    public Task<HttpResponseMessage> ReplanAsync(string planId, long? ifMatch, string reason = "physicist asked for a re-plan") =>
        ChangeAsync(HttpMethod.Post, $"/api/v1/plans/{planId}/replan", ifMatch, new { reason });

    public Task<HttpResponseMessage> CancelAsync(string planId, long? ifMatch, string reason = "patient withdrew") =>
        ChangeAsync(HttpMethod.Delete, $"/api/v1/plans/{planId}?reason={Uri.EscapeDataString(reason)}", ifMatch);

    /// <summary>The body as JSON with <c>"reason"</c> added when it has none.</summary>
    public static System.Text.Json.Nodes.JsonObject WithReason(object body, string reason = "recorded by the test")
    {
        var json = JsonSerializer.SerializeToNode(body, Json)!.AsObject();
        json.TryAdd("reason", reason);
        return json;
    }

    public Task<HttpResponseMessage> DowntimeAsync(string linacId, string start, string end, string reason = "repair", bool dryRun = false) =>
        PostAsync($"/api/v1/linacs/{linacId}/downtimes{(dryRun ? "?dryRun=true" : "")}", new { start, end, reason });

    public Task<HttpResponseMessage> ClosureAsync(string centerId, string date, string reason = "snow day", bool dryRun = false) =>
        PostAsync($"/api/v1/centers/{centerId}/closures{(dryRun ? "?dryRun=true" : "")}", new { date, reason });

    public async Task<Worklist> WorklistAsync(string centerId, string date) =>
        await OkAsync<Worklist>(await http.GetAsync($"/api/v1/centers/{centerId}/worklist?date={date}"));

    public Task<HttpResponseMessage> StartDatesAsync(string centerId, string query) => http.GetAsync($"/api/v1/centers/{centerId}/start-dates?{query}");

    /// <summary>Delivers, in time order, every booked fraction of the plan that starts before <paramref name="until"/>.</summary>
    public async Task<Plan> DeliverBeforeAsync(Plan plan, DateTimeOffset until)
    {
        foreach (var fraction in plan.Booked.Where(f => f.Status == "planned" && f.StartsAt < until).OrderBy(f => f.StartsAt).ToList())
        {
            AfterStartOf(fraction);
            plan = await OkAsync<Plan>(await DeliveryAsync(plan, fraction, new { outcome = "delivered" }));
        }

        return plan;
    }

    /// <summary>Moves the clock just past <paramref name="fraction"/>'s start, as if it had just been given.</summary>
    public void AfterStartOf(Fraction fraction) =>
        clock.Reset(Instant.FromDateTimeOffset(fraction.StartsAt).Plus(Duration.FromMinutes(5)));

    /// <summary>Records holding arrays compare by reference; their JSON compares by value.</summary>
    public static void SameJson<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(actual, Json));

    public static async Task<T> CreatedAsync<T>(HttpResponseMessage response) => await ExpectAsync<T>(response, HttpStatusCode.Created);

    public static async Task<T> OkAsync<T>(HttpResponseMessage response) => await ExpectAsync<T>(response, HttpStatusCode.OK);

    public static async Task<Problem> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await ExpectAsync<Problem>(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return problem;
    }

    private static async Task<T> ExpectAsync<T>(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}
