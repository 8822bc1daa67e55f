using System.Net;
using System.Net.Http.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// On PostgreSQL a key in flight is a 'running' row every instance sees, not only this process's
/// InFlightKeys: a request whose key another instance is serving is a 409 (422 with another body), and a
/// claim whose instance died is taken over once its lease has passed.
/// </summary>
public sealed class IdempotencyAcrossInstancesTests(PostgresSbrtApp app) : IClassFixture<PostgresSbrtApp>
{
    private const string ClaimedElsewhere = """
        INSERT INTO idempotency (subject, key, fingerprint, state, lease_until_utc, created_utc, expires_utc)
        SELECT subject, @key, @fingerprint, 'running', @leaseUtc, created_utc, expires_utc FROM idempotency WHERE key = @known;
        """;

    private readonly Client api = app.Api();

    [PostgresFact]
    public async Task AKeyRunningOnAnotherInstance_Is409WithTheSameBodyAnd422WithAnother()
    {
        var (key, fingerprint) = await ClaimOnAnotherInstanceAsync(Center("A"), lease: Duration.FromMinutes(5));

        var same = await SendAsync(key, Center("A"));
        var other = await SendAsync(key, Center("B"));

        await Client.ProblemAsync(same, HttpStatusCode.Conflict);
        await Client.ProblemAsync(other, HttpStatusCode.UnprocessableEntity);
        using var database = app.OpenDatabase();
        Assert.Equal(("running", fingerprint), await database.QuerySingleAsync<(string, string)>(
            "SELECT state, fingerprint FROM idempotency WHERE key = @key", new { key }));
    }

    [PostgresFact]
    public async Task AClaimWhoseLeaseHasPassed_IsTakenOverAndAnswered()
    {
        var (key, _) = await ClaimOnAnotherInstanceAsync(Center("A"), lease: Duration.FromMinutes(-1));

        var created = await Client.CreatedAsync<Center>(await SendAsync(key, Center("A")));

        var replay = await SendAsync(key, Center("A"));
        Assert.Equal(created.Id, (await Client.CreatedAsync<Center>(replay)).Id);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
    }

    [PostgresFact]
    public async Task ARefusedRequest_TurnsItsClaimIntoAKeptAnswer()
    {
        var key = Guid.NewGuid().ToString();
        await Client.ProblemAsync(await SendAsync(key, new { name = "x", timeZone = "Mars/Olympus" }), HttpStatusCode.BadRequest);

        using var database = app.OpenDatabase();
        Assert.Equal("done", await database.ExecuteScalarAsync<string>("SELECT state FROM idempotency WHERE key = @key", new { key }));
    }

    /// <summary>A 'running' row for a new key, as another instance serving it would have written.</summary>
    private async Task<(string Key, string Fingerprint)> ClaimOnAnotherInstanceAsync(object body, Duration lease)
    {
        // The middleware's fingerprint: SHA-256 of "POST /api/v1/centers", a newline, and the body JsonContent sends.
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            [.. "POST /api/v1/centers\n"u8, .. System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, System.Text.Json.JsonSerializerOptions.Web)]));
        var known = Guid.NewGuid().ToString();
        await Client.CreatedAsync<Center>(await SendAsync(known, Center("known")));
        var key = Guid.NewGuid().ToString();
        using var database = app.OpenDatabase();
        await database.ExecuteAsync(ClaimedElsewhere, new
        {
            key,
            fingerprint,
            known,
            leaseUtc = (SbrtApp.Start + lease).ToString("uuuu-MM-dd'T'HH:mm:ss.fff'Z'", null),
        });
        return (key, fingerprint);
    }

    private static object Center(string name) => new { name, timeZone = "America/New_York", holidayCalendar = (string?)null };

    private Task<HttpResponseMessage> SendAsync(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/centers") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return api.Http.SendAsync(request);
    }
}
