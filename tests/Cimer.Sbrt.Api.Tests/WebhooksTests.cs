using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Cimer.Sbrt.Api.Webhooks;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

public class WebhooksTests
{
    /// <summary>A new app of the test's own, on SQLite here, on PostgreSQL in <see cref="WebhooksOnPostgresTests"/>.</summary>
    protected virtual SbrtApp NewApp(IReadOnlyDictionary<string, string>? settings = null) => SbrtApp.With(settings ?? new Dictionary<string, string>());

    /// <summary>
    /// The receivers listen on 127.0.0.1, which webhooks reach only where loopback is opened: said here,
    /// not left to appsettings.Development.json.
    /// </summary>
    public static readonly Dictionary<string, string> Loopback = new() { ["Webhooks:AllowedNetworks:0"] = "127.0.0.0/8" };

    /// <summary>Retries within seconds of fake time: backoff 1 s doubling to at most 2 s; loopback open.</summary>
    public static readonly Dictionary<string, string> FastRetries = new(Loopback)
    {
        ["Webhooks:BackoffBaseSeconds"] = "1",
        ["Webhooks:BackoffCapSeconds"] = "2",
    };

    private static readonly string[] AllEvents = ["plan.created", "plan.changed", "plan.cancelled", "fraction.delivered", "fraction.missed", "plan.needsAttention"];

    [ProviderFact]
    public async Task Subscribe_ShowsTheSecretOnceAndReadsAndDeletesWithoutIt()
    {
        using var app = NewApp();
        var api = app.Api();

        var response = await api.PostAsync("/api/v1/webhooks", new { url = "https://ehr.example.org/hooks", events = new[] { "plan.created", "fraction.missed" } });
        var created = await Client.CreatedAsync<WebhookCreated>(response);
        var read = await api.Http.GetStringAsync($"/api/v1/webhooks/{created.Id}");
        var list = await Client.OkAsync<Webhook[]>(await api.Http.GetAsync("/api/v1/webhooks"));

        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(created.Secret["whsec_".Length..]).Length);
        Assert.Equal($"/api/v1/webhooks/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["plan.created", "fraction.missed"], created.Events);
        Assert.DoesNotContain("secret", read, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(created.Id, Assert.Single(list).Id);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync($"/api/v1/webhooks/{created.Id}")).StatusCode);
        await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/webhooks/{created.Id}"), HttpStatusCode.NotFound);
        await Client.ProblemAsync(await api.Http.GetAsync($"/api/v1/webhooks/{created.Id}/deliveries"), HttpStatusCode.NotFound);
    }

    // Why these: each way a subscription can be unusable: no url, a relative one, a scheme we do
    // not POST to, no events, an empty list, an event that does not exist.
    [ProviderTheory]
    [InlineData(null, "plan.created", "url")]
    [InlineData("/hooks", "plan.created", "url")]
    [InlineData("ftp://ehr.example.org/hooks", "plan.created", "url")]
    [InlineData("https://ehr.example.org/hooks", null, "events")]
    [InlineData("https://ehr.example.org/hooks", "", "events")]
    [InlineData("https://ehr.example.org/hooks", "plan.deleted", "events")]
    public async Task Subscribe_InvalidUrlOrEvents_Is400WithTheFieldAndSavesNothing(string? url, string? events, string field)
    {
        using var app = NewApp();
        var api = app.Api();
        var list = events is null ? null : events.Split(',', StringSplitOptions.RemoveEmptyEntries);

        var problem = await Client.ProblemAsync(await api.PostAsync("/api/v1/webhooks", new { url, events = list }), HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Empty(await Client.OkAsync<Webhook[]>(await api.Http.GetAsync("/api/v1/webhooks")));
    }

    [ProviderFact]
    public async Task Delivery_FailsTwiceThenSucceeds_ThreeSignedAttemptsWithOneIdAndRetryAfterHonoured()
    {
        using var app = NewApp(FastRetries);
        var api = app.Api();
        await using var receiver = await WebhookReceiver.StartAsync(n => n switch { 1 => 500, 2 => 503, _ => 204 });
        var hook = await SubscribeAsync(api, receiver, "plan.created");
        var (_, _, patient, plan) = await api.PlannedPatientAsync();

        await PassAsync(app);
        api.Clock.Advance(Duration.FromSeconds(3));
        await PassAsync(app);
        api.Clock.Advance(Duration.FromSeconds(120));
        await PassAsync(app);

        var attempts = await AttemptsAsync(api, hook.Id);
        Assert.Equal([(1, 500, "retrying"), (2, 503, "retrying"), (3, 204, "delivered")], attempts.Select(a => (a.Attempt, a.StatusCode ?? 0, a.Outcome)));
        Assert.Single(attempts.Select(a => a.EventId).Distinct());
        Assert.Equal(Instant.FromDateTimeOffset(DateTimeOffset.Parse(attempts[1].At)) + Duration.FromSeconds(120), Instant.FromDateTimeOffset(DateTimeOffset.Parse(attempts[1].NextAttempt!)));
        Assert.Null(attempts[2].NextAttempt);
        var received = receiver.Received.ToList();
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.True(r.SignatureValid, "signature does not verify"));
        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.Equal(attempts[0].EventId, received[0].Id);
        Assert.Equal(new WebhookBody("plan.created", received[0].Parsed.Timestamp, new WebhookData(plan.Id, patient.Id, plan.Version)), received[0].Parsed);
        Assert.Single(receiver.Delivered);
    }

    [ProviderFact]
    public async Task Delivery_ReceiverAnswers410_DisablesTheSubscriptionAndSendsNothingMore()
    {
        using var app = NewApp(FastRetries);
        var api = app.Api();
        await using var receiver = await WebhookReceiver.StartAsync(_ => 410);
        var hook = await SubscribeAsync(api, receiver, AllEvents);
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));

        await PassAsync(app);
        api.Clock.Advance(Duration.FromHours(1));
        await api.PlannedPatientAsync();
        await PassAsync(app);

        var attempt = Assert.Single(await AttemptsAsync(api, hook.Id));
        Assert.Equal(("plan.created", 410, "disabled"), (attempt.Type, attempt.StatusCode ?? 0, attempt.Outcome));
        Assert.NotNull((await Client.OkAsync<Webhook>(await api.Http.GetAsync($"/api/v1/webhooks/{hook.Id}"))).DisabledAt);
        Assert.Single(receiver.Received);
        var audited = await Client.OkAsync<AuditPage>(await api.Http.GetAsync("/api/v1/audit?actor=system:webhooks"));
        Assert.Equal(("webhook.disabled", hook.Id), audited.Items.Select(i => (i.Action, i.EntityId)).Single());
    }

    [ProviderFact]
    public async Task Delivery_APlansEventsArriveInOrder_ALaterOneWaitsWhileAnEarlierIsRetried()
    {
        using var app = NewApp(FastRetries);
        var api = app.Api();
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await SubscribeAsync(api, receiver, AllEvents);
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        var failures = 2;
        receiver.Answer = _ => Interlocked.Decrement(ref failures) >= 0 ? 500 : 200;
        var pinned = await Client.OkAsync<Plan>(await api.MoveAsync(plan, plan.Fractions[0], new { pinned = true }));
        var (_, _, _, other) = await api.PlannedPatientAsync();
        await Client.OkAsync<Plan>(await api.CancelAsync(pinned.Id, pinned.Version));

        await PassAsync(app);
        var whileRetrying = receiver.Received.ToList();
        api.Clock.Advance(Duration.FromSeconds(3));
        await PassAsync(app);

        // Each plan's first event failed once; nothing of that plan went out after it until it arrived.
        // Plans go out in parallel, so only the set is fixed.
        Assert.Equal([("plan.created", other.Id), ("plan.created", plan.Id)], whileRetrying.Select(r => (r.Parsed.Type, r.Parsed.Data.PlanId)).OrderBy(p => p.PlanId == plan.Id));
        var delivered = receiver.Delivered.Select(r => r.Parsed).Where(b => b.Data.PlanId == plan.Id).ToList();
        Assert.Equal(["plan.created", "plan.changed", "plan.cancelled"], delivered.Select(b => b.Type));
        Assert.Equal([1L, 2, 3], delivered.Select(b => b.Data.Version));
        Assert.Equal(4, (await AttemptsAsync(api, hook.Id)).Count(a => a.Outcome == "delivered"));
    }

    [ProviderFact]
    public async Task RolledBackChanges_A422EditAStaleIfMatchAndADryRun_WriteNoEvent()
    {
        using var app = NewApp(FastRetries);
        var api = app.Api();
        await SubscribeAsync(api, WebhookReceiver.Down(WebhookReceiver.FreePort()), AllEvents);
        var (_, linac, _, plan) = await api.PlannedPatientAsync();
        var ordered = plan.Fractions.OrderBy(f => f.StartsAt).ToArray();
        var before = Events(app);

        await Client.ProblemAsync(await api.MoveAsync(plan, ordered[1], new { start = $"{ordered[0].Start[..10]}T12:00:00-05:00" }), HttpStatusCode.UnprocessableEntity);
        await Client.ProblemAsync(await api.MoveAsync(plan, ordered[1], new { pinned = true }, ifMatch: plan.Version + 7), HttpStatusCode.PreconditionFailed);
        var day = ordered[0].Start[..10];
        await Client.OkAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, $"{day}T08:00", $"{day}T18:00", "annual QA", dryRun: true));

        Assert.Equal(["plan.created"], before.Select(e => e.Type));
        Assert.Equal(before, Events(app));
        Assert.Single(Deliveries(app));
    }

    [ProviderFact]
    public async Task EveryKindOfChange_WritesItsEventWithTheNewVersion()
    {
        using var app = NewApp(FastRetries);
        var api = app.Api();
        await SubscribeAsync(api, WebhookReceiver.Down(WebhookReceiver.FreePort()), AllEvents);
        var (_, linac, _, plan) = await api.PlannedPatientAsync();
        var first = plan.Fractions.OrderBy(f => f.StartsAt).First();
        api.AfterStartOf(first);
        plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, first, new { outcome = "delivered" }));
        var second = plan.Fractions.Where(f => f.Status == "planned").OrderBy(f => f.StartsAt).First();
        api.AfterStartOf(second);
        plan = await Client.OkAsync<Plan>(await api.DeliveryAsync(plan, second, new { outcome = "missed" }));
        plan = await Client.OkAsync<Plan>(await api.ReplanAsync(plan.Id, plan.Version));
        var later = plan.Fractions.Where(f => f.Status == "planned").OrderBy(f => f.StartsAt).Last();
        await Client.CreatedAsync<DowntimeAdded>(await api.DowntimeAsync(linac.Id, $"{later.Start[..10]}T08:00", $"{later.Start[..10]}T18:00"));
        plan = await api.GetPlanAsync(plan.Id);
        await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));

        var events = Events(app);
        Assert.Equal(["plan.created", "fraction.delivered", "fraction.missed", "plan.changed", "plan.changed"], events.Take(5).Select(e => e.Type));
        Assert.Contains(events.Skip(5).SkipLast(1), e => e.Type is "plan.changed" or "plan.needsAttention");
        Assert.Equal("plan.cancelled", events[^1].Type);
        Assert.Equal(events.Count, Deliveries(app).Count);
    }

    [ProviderFact]
    public async Task Delivery_WithJobsOn_ACommittedChangeIsSentAtOnceNotAtTheNextPoll()
    {
        using var app = NewApp(new Dictionary<string, string>(Loopback) { ["Jobs:Enabled"] = "true", ["Webhooks:PollSeconds"] = "60" });
        var api = app.Api();
        await using var receiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(api, receiver, "plan.created");

        var (_, _, _, plan) = await api.PlannedPatientAsync();

        for (var waited = 0; receiver.Delivered.Count == 0; waited += 20)
        {
            Assert.True(waited < 10_000, "The change was not delivered within 10 s of its commit.");
            await Task.Delay(20);
        }

        Assert.Equal(plan.Id, Assert.Single(receiver.Delivered).Parsed.Data.PlanId);
    }

    [ProviderFact]
    public async Task Restart_WithTheReceiverDown_EveryEventArrivesOnceItIsUpAndNoneIsLost()
    {
        using var database = KeptDatabase.For(this, "cimer-sbrt-webhooks-");
        await using var receiver = WebhookReceiver.Down(WebhookReceiver.FreePort());
        using (var first = database.App(FastRetries))
        {
            var api = first.Api();
            await SubscribeAsync(api, receiver, AllEvents);
            for (var i = 0; i < 3; i++)
            {
                var (_, _, _, plan) = await api.PlannedPatientAsync();
                plan = await Client.OkAsync<Plan>(await api.MoveAsync(plan, plan.Fractions[0], new { pinned = true }));
                await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version));
            }

            await PassAsync(first);
            Assert.Empty(receiver.Received);
        }

        // Up again, with the Quartz trigger on, after the backoff (fake time) has passed.
        await receiver.StartAsync();
        using var second = database.App(new Dictionary<string, string>(FastRetries) { ["Jobs:Enabled"] = "true", ["Webhooks:PollSeconds"] = "0.1" });
        second.Api(SbrtApp.Start + Duration.FromMinutes(5));
        var expected = Events(second);
        for (var waited = 0; receiver.Delivered.Select(r => r.Id).Distinct().Count() < expected.Count; waited += 50)
        {
            Assert.True(waited < 15_000, $"{receiver.Delivered.Count} of {expected.Count} events arrived within 15 s.");
            await Task.Delay(50);
        }

        Assert.Equal(expected.Select(e => e.Id).Order(), receiver.Delivered.Select(r => r.Id).Distinct().Order());
        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        foreach (var plan in receiver.Delivered.GroupBy(r => r.Parsed.Data.PlanId))
        {
            Assert.Equal(["plan.created", "plan.changed", "plan.cancelled"], plan.DistinctBy(r => r.Id).Select(r => r.Parsed.Type));
        }
    }

    internal static async Task<WebhookCreated> SubscribeAsync(Client api, WebhookReceiver receiver, params string[] events)
    {
        var hook = await Client.CreatedAsync<WebhookCreated>(await api.PostAsync("/api/v1/webhooks", new { url = receiver.Url, events }));
        receiver.Secret = hook.Secret;
        return hook;
    }

    internal static Task<int> PassAsync(SbrtApp app) => app.Services.GetRequiredService<WebhookDelivery>().RunAsync(CancellationToken.None);

    private static async Task<DeliveryAttempt[]> AttemptsAsync(Client api, string hookId) =>
        await Client.OkAsync<DeliveryAttempt[]>(await api.Http.GetAsync($"/api/v1/webhooks/{hookId}/deliveries"));

    private static List<(string Id, string Type, string PlanId, string Payload)> Events(SbrtApp app)
    {
        using var connection = app.OpenDatabase();
        return [.. connection.Query<(string, string, string, string)>("SELECT id, type, plan_id, payload FROM outbox_events ORDER BY seq;")];
    }

    private static List<(string SubscriptionId, long Seq)> Deliveries(SbrtApp app)
    {
        using var connection = app.OpenDatabase();
        return [.. connection.Query<(string, long)>("SELECT subscription_id, event_seq FROM webhook_deliveries ORDER BY event_seq;")];
    }
}
