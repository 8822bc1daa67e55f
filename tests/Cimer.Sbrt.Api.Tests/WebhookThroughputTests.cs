using System.Diagnostics;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Cimer.Sbrt.Api.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Runs only with <c>SBRT_MEASURE=1</c>: outbox to a loopback receiver, events per second.</summary>
public sealed class WebhookThroughputTests(ITestOutputHelper output)
{
    [MeasureFact]
    public async Task MeasureThousandEventsFromOutboxToALocalReceiver()
    {
        const int events = 1000, plans = 100;
        using var app = SbrtApp.With(WebhooksTests.Loopback);
        var api = app.Api();
        await using var receiver = await WebhookReceiver.StartAsync();
        await WebhooksTests.SubscribeAsync(api, receiver, "plan.changed");
        var database = app.Services.GetRequiredService<Database>();
        await database.WriteAsync(async (connection, transaction) =>
        {
            for (var i = 0; i < events; i++)
            {
                await Outbox.WriteAsync(connection, transaction, WebhookEvents.PlanChanged, $"plan-{i % plans}", "patient", (i / plans) + 1, api.Clock.GetCurrentInstant(), CancellationToken.None);
            }
        }, CancellationToken.None);

        var watch = Stopwatch.StartNew();
        var attempts = await WebhooksTests.PassAsync(app);
        watch.Stop();

        Assert.Equal(events, attempts);
        Assert.Equal(events, receiver.Delivered.Count);
        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        output.WriteLine($"{events} events over {plans} plans, outbox to loopback receiver: {watch.Elapsed.TotalSeconds:F2} s, {events / watch.Elapsed.TotalSeconds:F0} events/s");
    }
}
