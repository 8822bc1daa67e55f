using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// Two service processes on one PostgreSQL database, as a deployment behind a proxy runs them: the
/// guarantees hold across instances because the database holds them, not a process.
/// </summary>
[Collection(Reliability.Name)]
public sealed class TwoInstancesTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private const string DoubleBookings = """
        SELECT COUNT(*) FROM (
            SELECT linac_id, start_utc FROM fractions
            WHERE status IN ('planned', 'delivered') AND cancelled = 0
            GROUP BY linac_id, start_utc HAVING COUNT(*) > 1) AS taken;
        """;

    [PostgresFact(Timeout = 240_000)]
    public async Task RacingPlansEditsOneKeyAndAKillOverTwoInstances_KeepEveryGuarantee()
    {
        var database = await databases.CreateAsync();
        var keys = Directory.CreateTempSubdirectory("sbrt-keys-");
        try
        {
            var pooled = new NpgsqlConnectionStringBuilder(database) { Pooling = true, MaxPoolSize = 30 }.ConnectionString;
            Dictionary<string, string> Settings(string id) => new()
            {
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Sbrt"] = pooled,
                ["DataProtection__KeysPath"] = keys.FullName,
                ["Quartz__InstanceId"] = id,
                ["Limits__Burst"] = "100000",
                ["Limits__RequestsPerPeriod"] = "100000",
            };

            await using var a = await ServiceProcess.StartAsync("unused-a.db", Settings("a"));
            await using var b = await ServiceProcess.StartAsync("unused-b.db", Settings("b"));
            using var toA = CrashWorld.Client(a.Address);
            using var toB = CrashWorld.Client(b.Address);
            toA.Timeout = toB.Timeout = TimeSpan.FromSeconds(100);
            HttpClient Either(int i) => i % 2 == 0 ? toA : toB;

            // Four slots a day for ten open days: room for eight one-lesion patients, not two hundred.
            var center = await Created(await toA.PostAsJsonAsync("/api/v1/centers", new { name = "Two", timeZone = "America/New_York", holidayCalendar = (string?)null }));
            await Created(await toB.PostAsJsonAsync($"/api/v1/centers/{center}/linacs", new { name = "L1", opensAt = "08:00", closesAt = "10:00", slotMinutes = 30 }));
            var patients = new List<string>();
            for (var i = 0; i < 200; i++)
            {
                patients.Add(await Created(await Either(i).PostAsJsonAsync("/api/v1/patients", new
                {
                    studyId = $"TWO-{i:000}", centerId = center, arm = 2, dayOne = "2027-01-04",
                    lesions = new[] { new { label = "L", site = "bone", greatestDiameterCm = 2.0 } },
                })));
            }

            var answers = await Task.WhenAll(patients.Select((p, i) => Either(i).PostAsync($"/api/v1/patients/{p}/plan", null)));

            Assert.All(answers, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity }));
            var created = answers.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
            Assert.InRange(created.Count, 1, 8);
            await using (var check = new NpgsqlConnection(database))
            {
                Assert.Equal(0, await check.ExecuteScalarAsync<long>(DoubleBookings));
                Assert.Equal(created.Count, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM plans"));
            }

            // A hundred edits of one plan with one If-Match, over both: one wins.
            var plan = await created[0].Content.ReadFromJsonAsync<JsonElement>();
            var planId = plan.GetProperty("id").GetString();
            var fractionId = plan.GetProperty("fractions")[0].GetProperty("id").GetString();
            var version = plan.GetProperty("version").GetInt64();
            var edits = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/plans/{planId}/fractions/{fractionId}")
                {
                    Content = JsonContent.Create(new { pinned = true, reason = $"edit {i}" }),
                };
                request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
                return Either(i).SendAsync(request);
            }));
            Assert.Single(edits, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(99, edits.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));

            // One Idempotency-Key sent to both at once: one change, the other a replay or a 409.
            var closure = await Task.WhenAll(new[] { toA, toB }.Select(http =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/centers/{center}/closures")
                {
                    Content = JsonContent.Create(new { date = "2027-01-15", reason = "snow day" }),
                };
                request.Headers.Add("Idempotency-Key", "two-instances-closure");
                return http.SendAsync(request);
            }));
            Assert.Contains(closure, r => r.StatusCode == HttpStatusCode.Created);
            Assert.All(closure, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
            await using (var check = new NpgsqlConnection(database))
            {
                Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM closures WHERE date = '2027-01-15'"));
                Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit WHERE action = 'closure.created'"));
                Assert.Equal(0, await check.ExecuteScalarAsync<long>(DoubleBookings));
            }

            // kill -9 of one instance during a stream of writes over both: every acknowledged write is
            // there, and the other instance keeps serving.
            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
            var writes = Enumerable.Range(0, 60).Select(async i =>
            {
                await Task.Delay(i * 10);
                try
                {
                    var response = await Either(i).PostAsJsonAsync("/api/v1/patients", new
                    {
                        studyId = $"KILL-{i:000}", centerId = center, arm = 1, dayOne = "2027-01-04",
                        lesions = Array.Empty<object>(),
                    });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
                    }
                }
                catch (HttpRequestException)
                {
                    // Sent to the instance as it died: not acknowledged.
                }
            }).ToList();
            await Task.Delay(250);
            a.Kill();
            await Task.WhenAll(writes);

            Assert.InRange(acknowledged.Count, 1, 59);
            foreach (var id in acknowledged)
            {
                Assert.Equal(HttpStatusCode.OK, (await toB.GetAsync($"/api/v1/patients/{id}")).StatusCode);
            }

            await Created(await toB.PostAsJsonAsync("/api/v1/patients", new
            {
                studyId = "AFTER-KILL", centerId = center, arm = 1, dayOne = "2027-01-04", lesions = Array.Empty<object>(),
            }));
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    private static async Task<string> Created(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }
}
