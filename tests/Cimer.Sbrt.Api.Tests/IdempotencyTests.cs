using System.Net;
using System.Net.Http.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Idempotency-Key on POSTs, as draft-ietf-httpapi-idempotency-key-header describes it.</summary>
public class IdempotencyTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task TheSameKeyAndBody_ReplaysTheFirstAnswerAndChangesNothingMore()
    {
        var center = await api.CenterAsync();
        var patient = await api.PatientAsync(center.Id);
        await api.LinacAsync(center.Id);
        var key = Key();

        var first = await SendAsync($"/api/v1/patients/{patient.Id}/plan", new { maxFractionsPerDay = 3 }, key);
        var fingerprint = app.Fingerprint();
        var again = await SendAsync($"/api/v1/patients/{patient.Id}/plan", new { maxFractionsPerDay = 3 }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal(first.Content.Headers.ContentType, again.Content.Headers.ContentType);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(fingerprint, app.Fingerprint());
    }

    [ProviderFact]
    public async Task KeysBelongToTheCaller_AnotherSubjectsSameKeyIsItsOwn()
    {
        var key = Key();
        var alice = app.Api(Tokens.Mint(["admin"], subject: "alice"));
        var bob = app.Api(Tokens.Mint(["admin"], subject: "bob"));

        var first = await Client.CreatedAsync<Center>(await SendAsync("/api/v1/centers", Center("A"), key, alice));
        var other = await Client.CreatedAsync<Center>(await SendAsync("/api/v1/centers", Center("B"), key, bob));
        var again = await SendAsync("/api/v1/centers", Center("A"), key, alice);

        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(first.Id, (await Client.CreatedAsync<Center>(again)).Id);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
    }

    [ProviderFact]
    public async Task TheSameKeyWithAnotherBody_Is422AndChangesNothing()
    {
        var key = Key();
        await Client.CreatedAsync<Center>(await SendAsync("/api/v1/centers", Center("A"), key));
        var fingerprint = app.Fingerprint();

        var problem = await Client.ProblemAsync(await SendAsync("/api/v1/centers", Center("B"), key), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("idempotencyKeyReused", problem.Code);
        Assert.Equal(fingerprint, app.Fingerprint());
    }

    [ProviderFact]
    public async Task TheSameKeyOnAnotherPath_Is422()
    {
        var center = await api.CenterAsync();
        var key = Key();
        await Client.CreatedAsync<Linac>(await SendAsync($"/api/v1/centers/{center.Id}/linacs", Linac(), key));

        await Client.ProblemAsync(await SendAsync($"/api/v1/centers/{(await api.CenterAsync()).Id}/linacs", Linac(), key), HttpStatusCode.UnprocessableEntity);
    }

    [ProviderFact]
    [SqliteOnly("holds SQLite's write lock to keep the first request running")]
    public async Task ARetryWhileTheFirstIsStillRunning_Is409AndTheFirstCompletes()
    {
        var key = Key();
        // Hold SQLite's write lock so the first request waits inside its transaction's BEGIN.
        using var blocker = app.OpenSqlite();
        var holding = blocker.BeginTransaction(deferred: false);
        var both = new[] { SendAsync("/api/v1/centers", Center("A"), key), SendAsync("/api/v1/centers", Center("A"), key) };
        await Task.Delay(500);
        holding.Rollback();

        var answers = await Task.WhenAll(both);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var replay = await SendAsync("/api/v1/centers", Center("A"), key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
    }

    [ProviderFact]
    public async Task ARefusedRequest_IsReplayedToo()
    {
        var key = Key();
        var first = await SendAsync("/api/v1/centers", new { name = "x", timeZone = "Mars/Olympus" }, key);
        var again = await SendAsync("/api/v1/centers", new { name = "x", timeZone = "Mars/Olympus" }, key);

        await Client.ProblemAsync(first, HttpStatusCode.BadRequest);
        await Client.ProblemAsync(again, HttpStatusCode.BadRequest);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
    }

    [ProviderFact]
    public async Task After24Hours_TheKeyIsFreeAgainAndTheOldAnswerIsPurged()
    {
        var key = Key();
        await Client.CreatedAsync<Center>(await SendAsync("/api/v1/centers", Center("A"), key));
        api.Clock.Advance(Duration.FromHours(24));

        var fresh = await Client.CreatedAsync<Center>(await SendAsync("/api/v1/centers", Center("B"), key));

        Assert.Equal("B", fresh.Name);
        using var database = app.OpenDatabase();
        Assert.Equal(0, await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM idempotency WHERE expires_utc <= '2026-11-21T12:00:00.000Z';"));
    }

    [ProviderFact]
    public async Task JustBefore24Hours_TheFirstAnswerIsStillReplayed()
    {
        var key = Key();
        var first = await Client.CreatedAsync<Center>(await SendAsync("/api/v1/centers", Center("A"), key));
        api.Clock.Advance(Duration.FromHours(24) - Duration.FromSeconds(1));

        Assert.Equal(first.Id, (await Client.CreatedAsync<Center>(await SendAsync("/api/v1/centers", Center("A"), key))).Id);
    }

    // Why these: too long, empty, a control character, and two headers are each refused before anything runs.
    [ProviderTheory]
    [InlineData(256, null)]
    [InlineData(0, "\"\"")]
    [InlineData(0, "\"a\\u0001b\"")]
    public async Task ABadKey_Is400OnTheHeader(int length, string? raw)
    {
        var request = Post("/api/v1/centers", Center("A"));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", raw?.Replace("\\u0001", "\u0001", StringComparison.Ordinal) ?? new string('k', length));
        var fingerprint = app.Fingerprint();

        var problem = await Client.ProblemAsync(await api.Http.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Contains("Idempotency-Key", problem.Errors!.Keys);
        Assert.Equal(fingerprint, app.Fingerprint());
    }

    [ProviderFact]
    public async Task TwoKeyHeaders_Are400()
    {
        var request = Post("/api/v1/centers", Center("A"));
        request.Headers.Add("Idempotency-Key", ["one", "two"]);

        await Client.ProblemAsync(await api.Http.SendAsync(request), HttpStatusCode.BadRequest);
    }

    [ProviderFact]
    public async Task AKeyOf255Characters_AndAQuotedOne_AreTheirOwnKeys()
    {
        var longKey = new string('k', 255);
        var a = await Client.CreatedAsync<Center>(await SendAsync("/api/v1/centers", Center("A"), longKey));
        var quoted = await SendAsync("/api/v1/centers", Center("A"), $"\"{longKey}\"");

        Assert.Equal(a.Id, (await Client.CreatedAsync<Center>(quoted)).Id);
    }

    [ProviderFact]
    public async Task AGetIgnoresTheHeader()
    {
        var center = await api.CenterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/centers/{center.Id}");
        request.Headers.Add("Idempotency-Key", new string('k', 300));

        Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(request)).StatusCode);
    }

    [ProviderFact]
    public async Task TheAnswerIsKeptInTheTransactionOfTheChange()
    {
        var key = Key();
        await Client.CreatedAsync<Center>(await SendAsync("/api/v1/centers", Center("A"), key));
        using var database = app.OpenDatabase();

        var kept = await database.QuerySingleAsync<(long Status, string Location)>(
            "SELECT status, location FROM idempotency WHERE key = @key", new { key });

        Assert.Equal(201, kept.Status);
        Assert.StartsWith("/api/v1/centers/", kept.Location, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task WhenTheAnswerCannotBeKept_TheChangeIsNotMadeEither()
    {
        using var own = app.Another();
        var client = own.Api();
        using (var database = own.OpenDatabase())
        {
            await database.ExecuteAsync(own.OnPostgres
                ? """
                  CREATE FUNCTION refuse_answers() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no answer'; END $$;
                  CREATE TRIGGER refuse_answers BEFORE INSERT ON idempotency FOR EACH ROW EXECUTE FUNCTION refuse_answers();
                  """
                : "CREATE TRIGGER refuse_answers BEFORE INSERT ON idempotency BEGIN SELECT RAISE(ABORT, 'no answer'); END;");
        }

        var before = own.Fingerprint();
        var request = Post("/api/v1/centers", Center("A"));
        request.Headers.Add("Idempotency-Key", Key());

        Assert.Equal(HttpStatusCode.InternalServerError, (await client.Http.SendAsync(request)).StatusCode);
        Assert.Equal(before, own.Fingerprint());
    }

    [ProviderFact]
    public async Task AKeyedChange_WakesTheWebhookJobOnceItHasCommitted()
    {
        // The change commits with its answer, after the endpoint's filters: the wake-up must wait for that commit.
        using var own = app.Another(new Dictionary<string, string>(WebhooksTests.Loopback) { ["Jobs:Enabled"] = "true", ["Webhooks:PollSeconds"] = "60" });
        var client = own.Api();
        await using var receiver = await WebhookReceiver.StartAsync();
        await WebhooksTests.SubscribeAsync(client, receiver, "plan.created");
        var center = await client.CenterAsync();
        await client.LinacAsync(center.Id);
        var patient = await client.PatientAsync(center.Id);

        var plan = await Client.CreatedAsync<Plan>(await SendAsync($"/api/v1/patients/{patient.Id}/plan", new { maxFractionsPerDay = 3 }, Key(), client));

        for (var waited = 0; receiver.Delivered.Count == 0; waited += 20)
        {
            Assert.True(waited < 10_000, "The keyed change was not delivered within 10 s of its commit.");
            await Task.Delay(20);
        }

        Assert.Equal(plan.Id, Assert.Single(receiver.Delivered).Parsed.Data.PlanId);
    }

    private static string Key() => Guid.NewGuid().ToString();

    private static object Center(string name) => new { name, timeZone = "America/New_York", holidayCalendar = (string?)null };

    private static object Linac() => new { name = "TrueBeam 1", opensAt = "08:00", closesAt = "18:00", slotMinutes = 30 };

    private static HttpRequestMessage Post(string url, object body) =>
        new(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Client.Json) };

    private Task<HttpResponseMessage> SendAsync(string url, object body, string key, Client? client = null)
    {
        var request = Post(url, body);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return (client ?? api).Http.SendAsync(request);
    }
}
