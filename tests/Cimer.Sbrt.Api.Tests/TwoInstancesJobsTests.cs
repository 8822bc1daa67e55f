using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using NodaTime;
using Npgsql;
using Xunit.Abstractions;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// Two service processes on one PostgreSQL database with their jobs on (Quartz clustered on that
/// database, one instance id each): the nightly reconciliation and the webhook delivery run once
/// between them, and a killed instance's nightly run is taken over by the other.
/// </summary>
[Collection(Reliability.Name)]
public sealed class TwoInstancesJobsTests(PostgresDatabases databases, ITestOutputHelper output) : IClassFixture<PostgresDatabases>
{
    private static readonly string[] PlanEvents = ["plan.created", "plan.changed", "plan.cancelled", "fraction.delivered", "fraction.missed", "plan.needsAttention"];

    /// <summary>
    /// Two deployments of two instances each, on two databases, each with one center whose nightly
    /// reconciliation (<c>Jobs:ReconcileAt</c>: the next whole minute at least a minute away, in the center's
    /// zone) falls due at the same instant. The centers exist before the instances start, so each instance
    /// lays the center's trigger at its start, as every instance of a deployment does after a restart.
    /// <para>
    /// Both up: both instances are nodes of one cluster (Quartz's scheduler state), the trigger is one row of
    /// Quartz's tables (one schedule for the cluster, not one per process), and the job's own log line, written by the instance Quartz hands the firing before it
    /// does any work, appears once over the two processes, with one run recorded. This is evidence that
    /// Quartz fired it once, not only that the run-per-date guard absorbed a second firing: a second firing
    /// would log "fired" too (and "already reconciled" instead of "ran").
    /// </para>
    /// <para>
    /// One killed: the test holds the database's write lock over the due time, so the instance that fires the
    /// job is held inside it (Quartz's fired-trigger row says EXECUTING on that instance); that instance is
    /// killed -9, the lock released, and the survivor must run the reconciliation: Quartz's cluster
    /// check-in finds the dead instance and fires its interrupted firing again (the job requests recovery).
    /// The time from the kill to the survivor's run is the takeover figure.
    /// </para>
    /// </summary>
    [PostgresFact(Timeout = 300_000)]
    public async Task NightlyJob_RunsOnceWithBothUp_AndOnTheSurvivorWhenTheInstanceRunningItIsKilled()
    {
        var bothUp = await databases.CreateAsync();
        var oneKilled = await databases.CreateAsync();
        var keys = Directory.CreateTempSubdirectory("sbrt-keys-");
        var due = NextWholeMinute(SystemClock.Instance.GetCurrentInstant() + Duration.FromSeconds(60));
        var zone = QuietZone(due);
        var local = due.InZone(zone);
        var reconcileAt = local.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture);
        var date = local.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var center1 = await CenterBeforeAnyInstanceAsync(bothUp, zone);
        var center2 = await CenterBeforeAnyInstanceAsync(oneKilled, zone);
        Dictionary<string, string> Settings(string database, string id) => new(Base(database, keys, id))
        {
            ["Jobs__ReconcileAt"] = reconcileAt,
            ["Logging__LogLevel__Cimer.Sbrt.Api.Jobs.ReconcileJob"] = "Information",
        };

        try
        {
            await using var instances = await Instances.StartAsync(
                ("a1", Settings(bothUp, "a1")), ("b1", Settings(bothUp, "b1")), ("a2", Settings(oneKilled, "a2")), ("b2", Settings(oneKilled, "b2")));
            var (a1, b1, a2, b2) = (instances["a1"], instances["b1"], instances["a2"], instances["b2"]);
            var left = due - SystemClock.Instance.GetCurrentInstant();
            Assert.True(left > Duration.FromSeconds(3), $"The instances took too long to start: they were up only {left.TotalSeconds:F1} s before {due}.");
            await using (var check = new NpgsqlConnection(bothUp))
            {
                Assert.Equal(["a1", "b1"], await check.QueryAsync<string>("SELECT instance_name FROM qrtz_scheduler_state ORDER BY instance_name;"));
                Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name = @trigger;", new { trigger = $"reconcile-{center1}" }));
            }

            // Deployment 2: the write lock held over the due time keeps whichever instance fires the job inside it.
            await using var writeLock = new NpgsqlConnection(oneKilled);
            await writeLock.OpenAsync();
            await writeLock.ExecuteAsync("SELECT pg_advisory_lock(@key);", new { key = Data.Database.WriteLockKey });
            var fired2 = Fired(center2);
            var (holder, _) = await FirstLineAsync(fired2, left + Duration.FromSeconds(30), (a2, "a2"), (b2, "b2"));
            var (survivor, survivorId) = holder == "a2" ? (b2, "b2") : (a2, "a2");
            var executing = await writeLock.QueryAsync<(string Instance, string Job, string State)>(
                "SELECT instance_name, job_name, state FROM qrtz_fired_triggers WHERE trigger_name = @trigger;", new { trigger = $"reconcile-{center2}" });
            Assert.Equal((holder, "reconcile", "EXECUTING"), Assert.Single(executing));

            var sinceKill = Stopwatch.StartNew();
            instances[holder].Kill();
            var killedAt = SystemClock.Instance.GetCurrentInstant();
            await writeLock.ExecuteAsync("SELECT pg_advisory_unlock(@key);", new { key = Data.Database.WriteLockKey });
            await FirstLineAsync(fired2, Duration.FromSeconds(90), (survivor, survivorId));
            var takeoverFired = sinceKill.Elapsed;
            await FirstLineAsync(Ran(center2, date), Duration.FromSeconds(30), (survivor, survivorId));
            var takeoverRan = sinceKill.Elapsed;

            // Deployment 1 had as long as deployment 2's takeover to fire a second time, and at least 15 s.
            var settle = due + Duration.FromSeconds(15) - SystemClock.Instance.GetCurrentInstant();
            if (settle > Duration.Zero)
            {
                await Task.Delay(settle.ToTimeSpan());
            }

            Assert.Single(a1.LinesContaining(Fired(center1)).Concat(b1.LinesContaining(Fired(center1))));
            Assert.Single(a1.LinesContaining(Ran(center1, date)).Concat(b1.LinesContaining(Ran(center1, date))));
            Assert.Empty(a1.LinesContaining("already reconciled").Concat(b1.LinesContaining("already reconciled")));
            Assert.Equal(1, await RunsAsync(bothUp, center1, date));

            Assert.Single(instances[holder].LinesContaining(fired2));
            Assert.Empty(instances[holder].LinesContaining(Ran(center2, date)));
            Assert.Contains("recovering True", Assert.Single(survivor.LinesContaining(fired2)), StringComparison.Ordinal);
            Assert.Empty(survivor.LinesContaining("already reconciled"));
            Assert.Equal(1, await RunsAsync(oneKilled, center2, date));

            output.WriteLine($"Due {due} ({reconcileAt} in {zone.Id}). Both up: fired once, on {(a1.LinesContaining(Fired(center1)).Count == 1 ? "a1" : "b1")}.");
            output.WriteLine($"One killed: {holder} fired it and was killed -9 at {killedAt} ({(killedAt - due).TotalSeconds:F1} s after due) while running it;");
            output.WriteLine($"{survivorId} took it over {takeoverFired.TotalSeconds:F1} s after the kill, and its run was recorded {takeoverRan.TotalSeconds:F1} s after the kill.");
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Both instances may deliver webhooks from the one outbox: Quartz runs the delivery job on either, one
    /// pass at a time across the cluster ([DisallowConcurrentExecution] on the clustered store), and each
    /// pass claims its rows with FOR UPDATE SKIP LOCKED. A stream of changes to eight plans, each change sent
    /// to the other instance than the one before (and each asking the cluster for a pass at once): each outbox event reaches the receiver once (no webhook-id twice, none missing), each plan's
    /// events arrive in the order they were written (outbox sequence, plan version), and each event was
    /// attempted by exactly one instance. The delivery itself carries no instance identity; the attribution
    /// is each instance's own log of its attempts (one Debug line per attempt, with the event id). Which
    /// instance makes them is the cluster's choice, often the one that ran the pass before, so the split is
    /// reported, not asserted. The instances set no <c>Quartz:InstanceId</c>: each generates its own.
    /// </summary>
    [PostgresFact(Timeout = 240_000)]
    public async Task WebhookEvents_OfChangesOverBothInstances_AreEachDeliveredOnceInPlanOrderByOneInstance()
    {
        const int Plans = 8, EditsPerPlan = 8;
        var database = await databases.CreateAsync();
        var keys = Directory.CreateTempSubdirectory("sbrt-keys-");
        var settings = new Dictionary<string, string>(Base(database, keys, quartzId: null))
        {
            ["Webhooks__AllowedNetworks__0"] = "127.0.0.0/8",
            ["Logging__LogLevel__Cimer.Sbrt.Api.Webhooks.WebhookDelivery"] = "Debug",
        };

        try
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            await using var instances = await Instances.StartAsync(("a", settings), ("b", settings));
            var (a, b) = (instances["a"], instances["b"]);
            await using (var check = new NpgsqlConnection(database))
            {
                // No Quartz:InstanceId: each generated its own at start, so the cluster has two nodes.
                var waited = Stopwatch.StartNew();
                List<string> nodes;
                while ((nodes = [.. await check.QueryAsync<string>("SELECT instance_name FROM qrtz_scheduler_state;")]).Count < 2 && waited.Elapsed < TimeSpan.FromSeconds(15))
                {
                    await Task.Delay(100);
                }

                Assert.True(nodes.Distinct().Count(id => id != "AUTO") == 2, $"Quartz nodes: {string.Join(", ", nodes)}");
            }

            using var toA = CrashWorld.Client(a.Address);
            using var toB = CrashWorld.Client(b.Address);
            HttpClient Either(int i) => i % 2 == 0 ? toA : toB;

            var hook = await Created(await toA.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = PlanEvents }));
            receiver.Secret = hook.GetProperty("secret").GetString()!;
            var center = await CreatedId(await toB.PostAsJsonAsync("/api/v1/centers", new { name = "Hooks", timeZone = "Europe/Paris", holidayCalendar = (string?)null }));
            await CreatedId(await toA.PostAsJsonAsync($"/api/v1/centers/{center}/linacs", new { name = "L1", opensAt = "08:00", closesAt = "18:00", slotMinutes = 30 }));

            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Plans).Select(async p =>
            {
                var patient = await CreatedId(await Either(p).PostAsJsonAsync("/api/v1/patients", new
                {
                    studyId = $"HOOK-{p:00}", centerId = center, arm = 2, dayOne = "2027-01-04",
                    lesions = new[] { new { label = "L", site = "bone", greatestDiameterCm = 2.0 } },
                }));
                var plan = await Created(await Either(p + 1).PostAsync($"/api/v1/patients/{patient}/plan", null));
                var (planId, version) = (plan.GetProperty("id").GetString()!, plan.GetProperty("version").GetInt64());
                var fraction = plan.GetProperty("fractions")[0].GetProperty("id").GetString();
                for (var e = 0; e < EditsPerPlan; e++)
                {
                    var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/plans/{planId}/fractions/{fraction}")
                    {
                        Content = JsonContent.Create(new { pinned = e % 2 == 0, reason = $"edit {e}" }),
                    };
                    request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
                    version = (await Ok(await Either(p + e).SendAsync(request))).GetProperty("version").GetInt64();
                }

                if (p % 2 == 0)
                {
                    var cancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/plans/{planId}?reason=done");
                    cancel.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
                    await Ok(await Either(p + EditsPerPlan).SendAsync(cancel));
                }
            }));
            var written = watch.Elapsed;

            List<(long Seq, string Id, string PlanId)> events;
            await using (var check = new NpgsqlConnection(database))
            {
                events = [.. await check.QueryAsync<(long, string, string)>("SELECT seq, id, plan_id FROM outbox_events ORDER BY seq;")];
                Assert.Equal(events.Count, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_deliveries;"));
                var waited = Stopwatch.StartNew();
                while (await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending';") > 0)
                {
                    Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"Deliveries still pending after 90 s; {receiver.Received.Count} of {events.Count} received.");
                    await Task.Delay(100);
                }

                Assert.Equal(events.Count, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered' AND attempts = 1;"));
            }

            var delivered = watch.Elapsed;
            // A second delivery of anything would be sent by a later pass: let two poll intervals go by.
            await Task.Delay(TimeSpan.FromSeconds(5));
            var received = receiver.Received.ToList();

            Assert.All(received, r => Assert.True(r.SignatureValid && r.AnsweredWith == 200, $"{r.Id}: signature {r.SignatureValid}, answered {r.AnsweredWith}"));
            Assert.Equal(Plans * (2 + EditsPerPlan) - (Plans / 2), events.Count);
            Assert.Equal(received.Count, received.Select(r => r.Id).Distinct().Count());
            Assert.Equal(events.Select(e => e.Id).Order(StringComparer.Ordinal), received.Select(r => r.Id).Order(StringComparer.Ordinal));
            foreach (var plan in events.GroupBy(e => e.PlanId))
            {
                var arrived = received.Where(r => r.Parsed.Data.PlanId == plan.Key).ToList();
                Assert.Equal(plan.Select(e => e.Id), arrived.Select(r => r.Id));
                Assert.Equal(Enumerable.Range(1, arrived.Count).Select(v => (long)v), arrived.Select(r => r.Parsed.Data.Version));
            }

            var byA = events.Count(e => a.LinesContaining($"Webhook attempt of event {e.Id} ").Count == 1);
            var byB = events.Count(e => b.LinesContaining($"Webhook attempt of event {e.Id} ").Count == 1);
            Assert.All(events, e => Assert.Equal(1, a.LinesContaining($"Webhook attempt of event {e.Id} ").Count + b.LinesContaining($"Webhook attempt of event {e.Id} ").Count));
            output.WriteLine($"{events.Count} events of {Plans} plans written in {written.TotalSeconds:F1} s over both instances, all delivered once, in plan order, "
                + $"{delivered.TotalSeconds:F1} s after the first write; attempts by a: {byA}, by b: {byB}.");
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    private static string Fired(string center) => $"Reconciliation of center {center} fired on scheduler instance";

    private static string Ran(string center, string date) => $"Reconciliation of center {center} for {date} ran on scheduler instance";

    /// <summary>A center written straight into a freshly migrated database, weekdays open, created now.</summary>
    private static async Task<string> CenterBeforeAnyInstanceAsync(string database, DateTimeZone zone)
    {
        await Data.PostgresMigrations.ApplyAsync(database, SystemClock.Instance, CancellationToken.None);
        var id = Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(database);
        await connection.ExecuteAsync(
            "INSERT INTO centers (id, name, time_zone, open_days, created_utc) VALUES (@id, 'Nightly', @zone, 'monday,tuesday,wednesday,thursday,friday', @created);",
            new { id, zone = zone.Id, created = Web.WireFormat.ToUtc(SystemClock.Instance.GetCurrentInstant()) });
        return id;
    }

    private static async Task<long> RunsAsync(string database, string center, string date)
    {
        await using var connection = new NpgsqlConnection(database);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reconciliation_runs WHERE center_id = @center AND date = @date;", new { center, date });
    }

    /// <summary>
    /// The connection, keys and limits every instance of these tests has, with its jobs on, and its Quartz
    /// instance id (none: the one it generates at start, as a deployment that sets none has).
    /// </summary>
    private static Dictionary<string, string> Base(string database, DirectoryInfo keys, string? quartzId)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Sbrt"] = new NpgsqlConnectionStringBuilder(database) { Pooling = true, MaxPoolSize = 30 }.ConnectionString,
            ["DataProtection__KeysPath"] = keys.FullName,
            ["Jobs__Enabled"] = "true",
            ["Limits__Burst"] = "100000",
            ["Limits__RequestsPerPeriod"] = "100000",
        };
        if (quartzId is not null)
        {
            settings["Quartz__InstanceId"] = quartzId;
        }

        return settings;
    }

    private static Instant NextWholeMinute(Instant atLeast) => Instant.FromUnixTimeSeconds(((atLeast.ToUnixTimeSeconds() + 59) / 60) * 60);

    /// <summary>A zone where <paramref name="instant"/> is outside the 01:00-03:00 that <c>Jobs:ReconcileAt</c> keeps out of.</summary>
    private static DateTimeZone QuietZone(Instant instant) =>
        new[] { "America/New_York", "Europe/Paris", "Asia/Tokyo" }
            .Select(id => DateTimeZoneProviders.Tzdb[id])
            .First(zone => instant.InZone(zone).TimeOfDay is var time && (time < new LocalTime(1, 0) || time > new LocalTime(3, 0)));

    /// <summary>The first of <paramref name="processes"/> to write a line with <paramref name="text"/>, and the line.</summary>
    private static async Task<(string Id, string Line)> FirstLineAsync(string text, Duration timeout, params (ServiceProcess Process, string Id)[] processes)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout.ToTimeSpan())
        {
            foreach (var (process, id) in processes)
            {
                if (process.LinesContaining(text) is [var line, ..])
                {
                    return (id, line);
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No line with \"{text}\" within {timeout}:{Environment.NewLine}"
            + string.Join(Environment.NewLine, processes.Select(p => $"{p.Id}:{Environment.NewLine}{p.Process.Output}")));
    }

    private static async Task<string> CreatedId(HttpResponseMessage response) => (await Created(response)).GetProperty("id").GetString()!;

    private static Task<JsonElement> Created(HttpResponseMessage response) => Answered(response, HttpStatusCode.Created);

    private static Task<JsonElement> Ok(HttpResponseMessage response) => Answered(response, HttpStatusCode.OK);

    private static async Task<JsonElement> Answered(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Service processes started at once, by id; all killed when disposed (or when one fails to start).</summary>
    private sealed class Instances : IAsyncDisposable
    {
        private readonly Dictionary<string, ServiceProcess> processes;

        private Instances(Dictionary<string, ServiceProcess> processes) => this.processes = processes;

        public ServiceProcess this[string id] => processes[id];

        public static async Task<Instances> StartAsync(params (string Id, Dictionary<string, string> Settings)[] instances)
        {
            var starts = instances.Select(i => ServiceProcess.StartAsync($"unused-{i.Id}.db", i.Settings, TimeSpan.FromSeconds(90))).ToList();
            try
            {
                await Task.WhenAll(starts);
            }
            catch
            {
                foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
                {
                    await start.Result.DisposeAsync();
                }

                throw;
            }

            return new Instances(instances.Zip(starts).ToDictionary(p => p.First.Id, p => p.Second.Result));
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var process in processes.Values)
            {
                await process.DisposeAsync();
            }
        }
    }
}
