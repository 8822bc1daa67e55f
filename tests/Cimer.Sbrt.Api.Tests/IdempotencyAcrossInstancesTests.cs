using System.Net;
using System.Net.Http.Json;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// On PostgreSQL a key in flight is a 'running' row every instance sees, not only this process's
/// InFlightKeys: a request whose key another instance is serving is a 409 (422 with another body), and a
/// claim whose instance died is taken over: at once when the claim names the instance's liveness lock
/// (InstanceLiveness) and that lock is no longer held, else once its lease has passed.
/// </summary>
public sealed class IdempotencyAcrossInstancesTests(PostgresSbrtApp app) : IClassFixture<PostgresSbrtApp>
{
    private const string ClaimedElsewhere = """
        INSERT INTO idempotency (subject, key, fingerprint, state, lease_until_utc, owner, created_utc, expires_utc)
        SELECT subject, @key, @fingerprint, 'running', @leaseUtc, @owner, created_utc, expires_utc FROM idempotency WHERE key = @known;
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
    public async Task AClaimWhoseInstanceIsGone_IsTakenOverAtOnceThoughItsLeaseRunsOn()
    {
        // The owner's lock is free: no session holds it, as after a kill -9 closed the instance's connection.
        var (key, _) = await ClaimOnAnotherInstanceAsync(Center("A"), lease: Duration.FromMinutes(5), owner: FreeOwner());

        var created = await Client.CreatedAsync<Center>(await SendAsync(key, Center("A")));

        var replay = await SendAsync(key, Center("A"));
        Assert.Equal(created.Id, (await Client.CreatedAsync<Center>(replay)).Id);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
    }

    [PostgresFact]
    public async Task AClaimWhoseInstanceHoldsItsLivenessLock_StaysItsClaim()
    {
        var owner = FreeOwner();
        using var instance = app.OpenDatabase();
        await instance.ExecuteAsync("SELECT pg_advisory_lock(@space, @owner)", new { space = InstanceLiveness.Namespace, owner });
        var (key, fingerprint) = await ClaimOnAnotherInstanceAsync(Center("A"), lease: Duration.FromMinutes(5), owner);

        await Client.ProblemAsync(await SendAsync(key, Center("A")), HttpStatusCode.Conflict);

        Assert.Equal(("running", fingerprint), await instance.QuerySingleAsync<(string, string)>(
            "SELECT state, fingerprint FROM idempotency WHERE key = @key", new { key }));
    }

    [PostgresFact]
    public async Task TheService_HoldsItsLivenessLockWhileItRuns()
    {
        using var database = app.OpenDatabase();
        Assert.Equal(1, await database.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = @space::oid AND l.objsubid = 2
              AND a.application_name = 'cimer-sbrt liveness' AND a.datname = current_database()
            """, new { space = (long)InstanceLiveness.Namespace }));
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
    private async Task<(string Key, string Fingerprint)> ClaimOnAnotherInstanceAsync(object body, Duration lease, int? owner = null)
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
            owner = (long?)owner,
        });
        return (key, fingerprint);
    }

    /// <summary>A liveness key no session holds (the service's own is random too, and held: drawn again if hit).</summary>
    private int FreeOwner()
    {
        using var database = app.OpenDatabase();
        while (true)
        {
            var owner = Random.Shared.Next();
            if (database.ExecuteScalar<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = @space::oid AND objid = @owner::oid",
                    new { space = (long)InstanceLiveness.Namespace, owner = (long)owner }) == 0)
            {
                return owner;
            }
        }
    }

    private static object Center(string name) => new { name, timeZone = "America/New_York", holidayCalendar = (string?)null };

    private Task<HttpResponseMessage> SendAsync(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/centers") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return api.Http.SendAsync(request);
    }
}
