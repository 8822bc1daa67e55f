using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Cimer.Sbrt.Api.Webhooks;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// Delivering: the address actually connected to is checked after DNS, on every attempt, so a name
/// that resolves (or is rebound) to loopback is refused unless loopback is opened. The resolver is
/// replaced so that rebind.example.test resolves to 127.0.0.1, where the test's receiver listens.
/// </summary>
public class WebhookConnectTests
{
    private const string Rebound = "rebind.example.test";

    [ProviderFact]
    public async Task Delivery_NameResolvingToLoopback_LoopbackClosed_IsARetriedAttemptSayingWhyAndSendsNothing()
    {
        using var app = ResolvingToLoopback(new Dictionary<string, string>());
        var api = app.Api();
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await Client.CreatedAsync<WebhookCreated>(await api.PostAsync("/api/v1/webhooks", new { url = $"http://{Rebound}:{receiver.Port}/hooks", events = new[] { "plan.created" } }));
        await api.PlannedPatientAsync();

        await WebhooksTests.PassAsync(app);

        // Retried like any refused connection: a rebinding may last only a while, and each retry is checked again.
        var attempt = Assert.Single(await AttemptsAsync(api, hook.Id));
        Assert.Equal(("retrying", null), (attempt.Outcome, attempt.StatusCode));
        Assert.NotNull(attempt.NextAttempt);
        Assert.Contains($"Refused to connect to {Rebound}: 127.0.0.1 is loopback", attempt.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [ProviderFact]
    public async Task Delivery_NameResolvingToLoopback_LoopbackOpened_ConnectsToTheResolvedAddress()
    {
        using var app = ResolvingToLoopback(WebhooksTests.Loopback);
        var api = app.Api();
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await Client.CreatedAsync<WebhookCreated>(await api.PostAsync("/api/v1/webhooks", new { url = $"http://{Rebound}:{receiver.Port}/hooks", events = new[] { "plan.created" } }));
        receiver.Secret = hook.Secret;
        var (_, _, _, plan) = await api.PlannedPatientAsync();

        await WebhooksTests.PassAsync(app);

        var attempt = Assert.Single(await AttemptsAsync(api, hook.Id));
        Assert.Equal(("delivered", 200), (attempt.Outcome, attempt.StatusCode ?? 0));
        var received = Assert.Single(receiver.Received);
        Assert.True(received.SignatureValid);
        Assert.Equal(plan.Id, received.Parsed.Data.PlanId);
    }

    [ProviderFact]
    public async Task Delivery_SubscriptionToLoopbackStoredBeforeTheRule_IsRefusedAtConnect()
    {
        // A database from before the rule may hold such a URL: the delivery checks it again.
        using var app = SbrtApp.For(this, new Dictionary<string, string>(), environment: "Production");
        var api = app.Api();
        await using var receiver = await WebhookReceiver.StartAsync();
        using (var connection = app.OpenDatabase())
        {
            connection.Execute(
                "INSERT INTO webhook_subscriptions (id, url, events, secret, created_utc) VALUES ('old', @Url, '[\"plan.created\"]', @Secret, '2026-01-01T00:00:00Z');",
                new { receiver.Url, Secret = "whsec_" + Convert.ToBase64String(new byte[32]) });
        }

        await api.PlannedPatientAsync();
        await WebhooksTests.PassAsync(app);

        var attempt = Assert.Single(await AttemptsAsync(api, "old"));
        Assert.Contains("127.0.0.1 is loopback", attempt.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [ProviderFact]
    public async Task Delivery_ReceiverRedirects_IsAFailedAttemptAndTheTargetGetsNothing()
    {
        using var app = SbrtApp.For(this, WebhooksTests.FastRetries);
        var api = app.Api();
        await using var target = await WebhookReceiver.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(_ => 302);
        receiver.RedirectTo = target.Url;
        var hook = await WebhooksTests.SubscribeAsync(api, receiver, "plan.created");
        await api.PlannedPatientAsync();

        await WebhooksTests.PassAsync(app);

        var attempt = Assert.Single(await AttemptsAsync(api, hook.Id));
        Assert.Equal(("retrying", 302), (attempt.Outcome, attempt.StatusCode ?? 0));
        Assert.Single(receiver.Received);
        Assert.Empty(target.Received);
    }

    private SbrtApp ResolvingToLoopback(IReadOnlyDictionary<string, string> settings) =>
        SbrtApp.For(this, settings, environment: "Production", services: services => services.AddSingleton<WebhookResolver>((host, _) =>
            Task.FromResult(host == Rebound ? new[] { IPAddress.Loopback } : throw new InvalidOperationException($"{host} is not resolved in this test."))));

    private static async Task<DeliveryAttempt[]> AttemptsAsync(Client api, string hookId) =>
        await Client.OkAsync<DeliveryAttempt[]>(await api.Http.GetAsync($"/api/v1/webhooks/{hookId}/deliveries"));
}
