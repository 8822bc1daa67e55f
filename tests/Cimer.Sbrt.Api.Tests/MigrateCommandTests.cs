using System.Net;
using System.Net.Http.Json;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Hosting;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using NodaTime.Testing;

namespace Cimer.Sbrt.Api.Tests;

/// <summary><c>migrate --from-sqlite FILE --to-postgres CS</c>: a site moves with its audit chain and kept answers, once.</summary>
public sealed class MigrateCommandTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private readonly FakeClock clock = new(SbrtApp.Start);

    [PostgresFact]
    public async Task ASqliteSite_IsCopiedWholeAndServesOnPostgresWithTheSameChainPlansAndKeptAnswers()
    {
        var folder = Directory.CreateTempSubdirectory("cimer-sbrt-migrate-").FullName;
        var path = Path.Combine(folder, "cimer-sbrt.db");
        try
        {
            string planId, centerId;
            long auditRows;
            using (var site = SbrtApp.OnFile(path, WebhooksTests.Loopback))
            {
                var api = site.Api();
                var (_, _, _, plan) = await api.PlannedPatientAsync();
                await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version, "patient withdrew"));
                (_, _, _, plan) = await api.PlannedPatientAsync(lesions: 2);
                planId = plan.Id;
                centerId = (await Client.CreatedAsync<Center>(await KeyedCenterAsync(api, "the-key"))).Id;
                Assert.Equal(HttpStatusCode.Created, (await api.Http.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "plan.created" } })).StatusCode);
                using var file = site.OpenDatabase();
                auditRows = await file.ExecuteScalarAsync<long>("SELECT count(*) FROM audit;");
            }

            var target = await databases.CreateAsync();
            var (exit, output, error) = await MigrateAsync(path, target);

            Assert.True(exit == 0, error);
            Assert.Contains("audit chain holds", output, StringComparison.Ordinal);
            using var moved = PostgresSbrtApp.OnDatabase(target);
            var there = moved.Api();
            var verdict = await Client.OkAsync<AuditVerifyResponse>(await there.Http.GetAsync("/api/v1/audit/verify"));
            Assert.Equal((true, auditRows), (verdict.Holds, verdict.Rows));
            Assert.Equal(planId, (await Client.OkAsync<Plan>(await there.Http.GetAsync($"/api/v1/plans/{planId}"))).Id);
            var replay = await KeyedCenterAsync(there, "the-key");
            Assert.Equal(centerId, (await Client.CreatedAsync<Center>(replay)).Id);
            Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
            // The copied identities continue: new audit rows chain on, and the chain still holds.
            await there.PlannedPatientAsync();
            Assert.True((await Client.OkAsync<AuditVerifyResponse>(await there.Http.GetAsync("/api/v1/audit/verify"))).Holds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [PostgresFact]
    public async Task ATargetWithRows_IsRefusedAndLeftAsItWas()
    {
        var folder = Directory.CreateTempSubdirectory("cimer-sbrt-migrate-").FullName;
        var path = Path.Combine(folder, "cimer-sbrt.db");
        try
        {
            using (var site = SbrtApp.OnFile(path))
            {
                await site.Api().PlannedPatientAsync();
            }

            var target = await databases.CreateAsync();
            Assert.Equal(0, (await MigrateAsync(path, target)).Exit);
            using var database = new Npgsql.NpgsqlConnection(target);
            var before = await database.ExecuteScalarAsync<long>("SELECT count(*) FROM audit;");

            var (exit, _, error) = await MigrateAsync(path, target);

            Assert.Equal(2, exit);
            Assert.Contains("not empty", error, StringComparison.Ordinal);
            Assert.Equal(before, await database.ExecuteScalarAsync<long>("SELECT count(*) FROM audit;"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WithoutBothArguments_ItRefusesWithTheUsage()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await MigrateCommand.RunAsync(["migrate", "--from-sqlite", "x.db"], clock, output, error);

        Assert.Equal(2, exit);
        Assert.Contains("usage: migrate --from-sqlite FILE --to-postgres", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> MigrateAsync(string file, string target)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await MigrateCommand.RunAsync(["migrate", "--from-sqlite", file, "--to-postgres", target], clock, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static Task<HttpResponseMessage> KeyedCenterAsync(Client client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/centers")
        {
            Content = JsonContent.Create(new { name = "Moved", timeZone = "America/New_York", holidayCalendar = (string?)null }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.Http.SendAsync(request);
    }
}
