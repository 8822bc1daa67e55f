using System.Net;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// Webhooks end to end: a real receiver on loopback, the service's own delivery job polling every
/// 100 ms, and the fake clock deciding when a retry is due (so backoff costs no real time).
/// </summary>
public sealed class WebhooksTests : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> Fast = new Dictionary<string, string?>
    {
        ["Webhooks:PollInterval"] = "00:00:00.100",
        ["Webhooks:InitialBackoff"] = "00:00:10",
        ["Webhooks:MaxBackoff"] = "00:10:00",
    };

    private readonly SbrtApp app = SbrtApp.WithSettings(Fast);
    private Receiver receiver = null!;
    private Client api = null!;

    public async Task InitializeAsync()
    {
        receiver = await Receiver.StartAsync();
        api = app.Api();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task CreatingAWebhookShowsItsSecretOnceAndReadingItNever()
    {
        var created = await Client.CreatedAsync<Webhook>(await api.PostAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "plan.created" } }));

        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(created.Secret!["whsec_".Length..]).Length >= 24);
        var read = await Client.OkAsync<Webhook>(await api.Http.GetAsync($"/api/v1/webhooks/{created.Id}"));
        Assert.Equal((created.Url, "active", (string?)null), (read.Url, read.Status, read.Secret));
        Assert.Equal(["plan.created"], read.Events);
    }

    [Theory]
    // Relative, another scheme, a user name in it, and no URL at all.
    [InlineData("/hooks", "url")]
    [InlineData("ftp://example.org/hooks", "url")]
    [InlineData("https://user:secret@example.org/hooks", "url")]
    [InlineData(null, "url")]
    public async Task AWebhookWithoutAnAbsoluteHttpUrlIs400(string? url, string field)
    {
        var problem = await Client.ProblemAsync(await api.PostAsync("/api/v1/webhooks", new { url, events = new[] { "plan.created" } }), HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Fact]
    public async Task AWebhookForAnUnknownOrNoEventIs400()
    {
        var unknown = await Client.ProblemAsync(await api.PostAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "plan.created", "plan.deleted" } }), HttpStatusCode.BadRequest);
        var none = await Client.ProblemAsync(await api.PostAsync("/api/v1/webhooks", new { url = receiver.Url, events = Array.Empty<string>() }), HttpStatusCode.BadRequest);

        Assert.Contains("events[1]", unknown.Errors!.Keys);
        Assert.Contains("events", none.Errors!.Keys);
    }

    [Fact]
    public async Task ADeletedWebhookIsGoneAndGetsNothingMore()
    {
        var webhook = await SubscribeAsync("plan.created");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync($"/api/v1/webhooks/{webhook.Id}")).StatusCode);

        await api.PlannedPatientAsync();

        await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/webhooks/{webhook.Id}"), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await api.Http.DeleteAsync($"/api/v1/webhooks/{webhook.Id}"), HttpStatusCode.NotFound);
        await Task.Delay(300);
        Assert.Empty(receiver.Posts);
    }

    [Fact]
    public async Task AReceiverThatFailsTwiceGetsTheEventOnTheThirdAttemptWithTheSameIdAndValidSignatures()
    {
        receiver.Respond = n => n < 2 ? Results.StatusCode(500) : Results.NoContent();
        var webhook = await SubscribeAsync("plan.created");
        var (_, _, patient, plan) = await api.PlannedPatientAsync();

        await receiver.WaitForAsync(posts => posts.Count == 1);
        api.Clock.Advance(Duration.FromSeconds(11));
        await receiver.WaitForAsync(posts => posts.Count == 2);
        api.Clock.Advance(Duration.FromSeconds(21));
        var posts = await receiver.WaitForAsync(posts => posts.Count == 3);

        Assert.All(posts, p => Assert.True(p.SignatureValid, $"bad signature {p.Signature}"));
        Assert.Single(posts.Select(p => p.Id).Distinct());
        Assert.Equal(3, posts.Select(p => p.Timestamp).Distinct().Count());
        var body = JsonSerializer.Deserialize<WebhookEvent>(posts[2].Body, Client.Json)!;
        Assert.Equal(("plan.created", plan.Id, patient.Id, 1L), (body.Type, body.Data.PlanId, body.Data.PatientId, body.Data.Version));
        var delivery = await WaitForDeliveryAsync(webhook, d => d.Status == "delivered");
        Assert.Equal([500, 500, 204], delivery.Attempts.Select(a => a.StatusCode));
        Assert.Equal(posts[0].Id, delivery.WebhookId);
        Assert.Null(delivery.NextAttemptAt);
    }

    [Fact]
    public async Task ARetryWaitsAtLeastAsLongAsRetryAfterSays()
    {
        receiver.Respond = _ => new RetryAfter(Results.Text("busy", statusCode: 503), 3600);
        var webhook = await SubscribeAsync("plan.created");
        await api.PlannedPatientAsync();

        var delivery = await WaitForDeliveryAsync(webhook, d => d.Attempts.Length == 1);

        Assert.Equal("pending", delivery.Status);
        var wait = DateTimeOffset.Parse(delivery.NextAttemptAt!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(delivery.Attempts[0].At, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(wait >= TimeSpan.FromHours(1), $"retried after {wait}");
    }

    [Fact]
    public async Task A410DisablesTheSubscription()
    {
        receiver.Respond = _ => Results.StatusCode(410);
        var webhook = await SubscribeAsync("plan.created");
        await api.PlannedPatientAsync();

        var delivery = await WaitForDeliveryAsync(webhook, d => d.Status == "failed");

        var read = await Client.OkAsync<Webhook>(await api.Http.GetAsync($"/api/v1/webhooks/{webhook.Id}"));
        Assert.Equal("disabled", read.Status);
        Assert.Contains("410", read.DisabledReason, StringComparison.Ordinal);
        Assert.Single(delivery.Attempts);
    }

    [Fact]
    public async Task EveryChangeArrivesInPlanOrderAndARefusedChangeSendsNothing()
    {
        await SubscribeAsync("plan.created", "plan.changed", "plan.cancelled");
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var last = plan.Fractions.MaxBy(f => f.StartsAt)!;
        var noon = last.Start[..11] + "12:00:00" + last.Start[19..];
        var moved = await Client.OkAsync<Plan>(await api.MoveAsync(plan, last, new { start = noon }));
        await Client.ProblemAsync(await api.MoveAsync(plan, last, new { pinned = true }), HttpStatusCode.PreconditionFailed);
        await Client.OkAsync<Plan>(await api.ChangeAsync(HttpMethod.Delete, $"/api/v1/plans/{plan.Id}", moved.Version));

        var posts = await receiver.WaitForAsync(posts => posts.Count == 3);
        await Task.Delay(300);

        var events = receiver.Posts.Select(p => JsonSerializer.Deserialize<WebhookEvent>(p.Body, Client.Json)!).ToList();
        Assert.Equal([("plan.created", 1L), ("plan.changed", 2L), ("plan.cancelled", 3L)], events.Select(e => (e.Type, e.Data.Version)));
        Assert.Equal(3, CountRows("SELECT COUNT(*) FROM outbox_events WHERE plan_id = @plan", plan.Id));
    }

    [Fact]
    public async Task DeliveriesAndMissesAreFractionEvents()
    {
        await SubscribeAsync("fraction.delivered", "fraction.missed", "plan.changed");
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Fractions.OrderBy(f => f.StartsAt).ToArray();
        api.AfterStartOf(ordered[0]);
        plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, ordered[0], new { outcome = "delivered" }));
        api.AfterStartOf(ordered[1]);
        await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, ordered[1], new { outcome = "missed" }));

        var posts = await receiver.WaitForAsync(posts => posts.Count == 3);

        var events = posts.Select(p => JsonSerializer.Deserialize<WebhookEvent>(p.Body, Client.Json)!).ToList();
        Assert.Equal(["fraction.delivered", "fraction.missed", "plan.changed"], events.Select(e => e.Type));
        Assert.Equal([ordered[0].Id, ordered[1].Id, null], events.Select(e => e.Data.FractionId));
    }

    private async Task<Webhook> SubscribeAsync(params string[] events)
    {
        var webhook = await Client.CreatedAsync<Webhook>(await api.PostAsync("/api/v1/webhooks", new { url = receiver.Url, events }));
        receiver.Secret = webhook.Secret!;
        return webhook;
    }

    private async Task<Delivery> WaitForDeliveryAsync(Webhook webhook, Func<Delivery, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var deliveries = await Client.OkAsync<Delivery[]>(await api.Http.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries"));
            if (deliveries.Length == 1 && done(deliveries[0]))
            {
                return deliveries[0];
            }

            Assert.True(DateTime.UtcNow < until, $"Deliveries not as awaited: {JsonSerializer.Serialize(deliveries)}");
            await Task.Delay(20);
        }
    }

    private long CountRows(string sql, string plan)
    {
        using var connection = app.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@plan", plan);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>An answer with a Retry-After header in seconds.</summary>
    private sealed class RetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
