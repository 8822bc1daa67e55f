using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using NodaTime;

namespace Cimer.Sbrt.Api.Tests;

public sealed class WebhookRestartTests
{
    [Fact]
    public async Task EveryEventReachesAReceiverThatWasDownWhileTheServiceRestarted()
    {
        var folder = Directory.CreateTempSubdirectory("cimer-sbrt-webhook-restart-").FullName;
        var path = Path.Combine(folder, "cimer-sbrt.db");
        var port = Receiver.FreePort();
        try
        {
            Webhook webhook;
            using (var first = SbrtApp.OnFile(path, WebhooksTests.Fast))
            {
                var api = first.Api();
                webhook = await Client.CreatedAsync<Webhook>(await api.PostAsync("/api/v1/webhooks", new
                {
                    url = $"http://127.0.0.1:{port}/hooks",
                    events = new[] { "plan.created", "plan.changed", "plan.cancelled" },
                }));
                var (center, _, _, plan) = await api.PlannedPatientAsync();
                var other = await Client.CreatedAsync<Plan>(await api.PlanAsync((await api.PatientAsync(center.Id)).Id));
                await Client.OkAsync<Plan>(await api.ChangeAsync(HttpMethod.Delete, $"/api/v1/plans/{plan.Id}", plan.Version));
                await Client.OkAsync<Plan>(await api.ChangeAsync(HttpMethod.Post, $"/api/v1/plans/{other.Id}/replan", other.Version));
                await WaitAsync(async () => (await Deliveries(api, webhook)).Any(d => d.Attempts.Any(a => a.StatusCode is null)));
            }

            await using var receiver = await Receiver.StartAsync(port);
            receiver.Secret = webhook.Secret!;
            using var second = SbrtApp.OnFile(path, WebhooksTests.Fast);
            var restarted = second.Api();
            second.Clock.Advance(Duration.FromHours(1));
            var expected = ExpectedEvents(second, webhook.Id);

            var posts = await receiver.WaitForAsync(posts => posts.Select(p => p.Id).Distinct().Count() == expected.Count);

            Assert.Equal(4, expected.Count);
            Assert.Equal(expected.Select(e => e.Id).Order(), posts.Select(p => p.Id).Distinct().Order());
            Assert.All(posts.GroupBy(p => p.Id), same => Assert.Single(same.Select(p => p.Body).Distinct()));
            Assert.All(posts, p => Assert.True(p.SignatureValid));
            foreach (var plan in expected.GroupBy(e => e.PlanId))
            {
                var arrived = posts.Select(p => p.Id).Distinct().Where(id => plan.Any(e => e.Id == id));
                Assert.Equal(plan.Select(e => e.Id), arrived);
            }

            await WaitAsync(async () => (await Deliveries(restarted, webhook)).All(d => d.Status == "delivered"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<Delivery[]> Deliveries(Client api, Webhook webhook) =>
        await Client.OkAsync<Delivery[]>(await api.Http.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries"));

    private static List<(string Id, string PlanId)> ExpectedEvents(SbrtApp app, string webhookId)
    {
        using var connection = app.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.id, e.plan_id FROM webhook_deliveries d JOIN outbox_events e ON e.seq = d.event_seq
            WHERE d.subscription_id = @id ORDER BY e.seq;
            """;
        command.Parameters.AddWithValue("@id", webhookId);
        using var reader = command.ExecuteReader();
        var events = new List<(string, string)>();
        while (reader.Read())
        {
            events.Add((reader.GetString(0), reader.GetString(1)));
        }

        return events;
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, "Not reached in 10 s.");
            await Task.Delay(20);
        }
    }
}
