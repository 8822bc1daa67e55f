using System.Net;
using System.Net.Http.Json;
using Dapper;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// What the crash test's clients know: every write the service acknowledged (a 2xx received) and
/// every keyed POST whose answer was lost. It writes, and checks the database against both.
/// </summary>
public sealed class CrashWorld(KeptDatabase database)
{
    private const int LinacCount = 4, PatientsPerWeek = 40;

    private readonly object gate = new();
    private readonly Dictionary<string, AckedPatient> patients = [];
    private readonly Queue<AckedPatient> unplanned = new();
    private readonly Dictionary<string, AckedPlan> plans = [];
    private readonly List<LostPost> lost = [];
    private readonly DateOnly firstMonday = NextMondayAfter(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14));
    private string centerId = "";
    private int nextPatient;
    private (int Retried, int Replayed) retries;

    /// <summary>Answers no client should ever get (5xx, or a retry that was not the first answer).</summary>
    public List<string> Unexpected { get; } = [];

    public string Summary
    {
        get
        {
            lock (gate)
            {
                return $"{patients.Count} patients and {plans.Count} plans acknowledged, {plans.Values.Count(p => p.Cancelled)} cancelled; "
                    + $"{retries.Retried} lost POSTs retried after a restart, {retries.Replayed} of them replayed";
            }
        }
    }

    /// <summary>A client of the service at <paramref name="address"/> with an all-roles token.</summary>
    public static HttpClient Client(Uri address) => new()
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(20),
        DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.Mint(Tokens.AllRoles, subject: "crash-test")) },
    };

    public async Task SetUpAsync(HttpClient http)
    {
        var center = await Expect<IdOnly>(await http.PostAsJsonAsync("/api/v1/centers",
            new { name = "Crash", timeZone = "America/New_York", holidayCalendar = (string?)null }, Infrastructure.Client.Json), HttpStatusCode.Created);
        centerId = center.Id;
        for (var i = 0; i < LinacCount; i++)
        {
            await Expect<IdOnly>(await http.PostAsJsonAsync($"/api/v1/centers/{centerId}/linacs",
                new { name = $"L{i}", opensAt = "08:00", closesAt = "18:00", slotMinutes = 30 }, Infrastructure.Client.Json), HttpStatusCode.Created);
        }
    }

    /// <summary>One client: new patients, plans, pins and cancels, until the service dies or <paramref name="stop"/>.</summary>
    public async Task WriteAsync(HttpClient http, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var dice = random.Next(100);
                var done = dice switch
                {
                    < 35 => await NewPatientAsync(http, random),
                    < 70 => await PlanAsync(http),
                    < 90 => await PinAsync(http, random),
                    _ => await CancelAsync(http, random),
                };
                if (!done)
                {
                    await NewPatientAsync(http, random);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                return; // the service is gone
            }
        }
    }

    /// <summary>
    /// After a restart, each lost POST again with its key. A change that was committed must answer
    /// as it first did (replayed, same id); one that was not is done now, once.
    /// </summary>
    public async Task RetryUnansweredAsync(HttpClient http)
    {
        List<LostPost> pending;
        lock (gate)
        {
            pending = [.. lost];
            lost.Clear();
        }

        foreach (var post in pending)
        {
            var response = await SendAsync(http, post);
            var replayed = response.Headers.Contains("Idempotent-Replayed");
            var text = await response.Content.ReadAsStringAsync();
            retries = (retries.Retried + 1, retries.Replayed + (replayed ? 1 : 0));
            var created = response.StatusCode == HttpStatusCode.Created ? System.Text.Json.JsonSerializer.Deserialize<IdOnly>(text, Infrastructure.Client.Json)!.Id : null;
            if (post.CommittedAs is { } id && (!replayed || created != id))
            {
                Unexpected.Add($"retry of committed {post.Url} -> {(int)response.StatusCode} replayed={replayed}: {text}");
            }
            else if (post.CommittedAs is null && (replayed || response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity)))
            {
                Unexpected.Add($"retry of uncommitted {post.Url} -> {(int)response.StatusCode} replayed={replayed}: {text}");
            }

            if (created is not null)
            {
                Acknowledge(post, created, text);
            }
        }
    }

    /// <summary>
    /// The database after kill -9: intact (the SQLite file; PostgreSQL's server was not killed, only its
    /// client), with every acknowledged write, nothing half-done, each change with its audit row and its answer.
    /// </summary>
    public void CheckTheDatabase()
    {
        using var db = database.Open();
        if (!database.OnPostgres)
        {
            Assert.Equal("ok", db.ExecuteScalar<string>("PRAGMA integrity_check;"));
        }

        var storedPatients = db.Query<(string Id, string StudyId, long Lesions)>(
            "SELECT p.id, p.study_id, (SELECT COUNT(*) FROM lesions l WHERE l.patient_id = p.id) FROM patients p").ToDictionary(p => p.StudyId);
        var storedPlans = db.Query<(string Id, string PatientId, long Version, string Status)>("SELECT id, patient_id, version, status FROM plans").ToDictionary(p => p.Id);
        lock (gate)
        {
            foreach (var patient in patients.Values)
            {
                Assert.True(storedPatients.TryGetValue(patient.StudyId, out var stored), $"acknowledged patient {patient.StudyId} is missing");
                Assert.Equal((patient.Id, (long)patient.Lesions), (stored.Id, stored.Lesions));
            }

            foreach (var plan in plans.Values)
            {
                Assert.True(storedPlans.TryGetValue(plan.Id, out var stored), $"acknowledged plan {plan.Id} is missing");
                Assert.True(stored.Version >= plan.AckedVersion, $"plan {plan.Id} is at version {stored.Version}, but {plan.AckedVersion} was acknowledged");
                Assert.True(!plan.AckedCancelled || stored.Status == "cancelled", $"plan {plan.Id} was acknowledged cancelled");
                (plan.Version, plan.Cancelled) = (stored.Version, stored.Status == "cancelled");
            }

            foreach (var post in lost)
            {
                post.CommittedAs = post.StudyId is { } studyId
                    ? storedPatients.TryGetValue(studyId, out var p) ? p.Id : null
                    : storedPlans.Values.FirstOrDefault(p => p.PatientId == post.PatientId).Id;
            }
        }

        Assert.Empty(db.Query<string>(HalfDone));
        Assert.Equal(0, db.ExecuteScalar<long>(DoubleBookings));
        Assert.Empty(db.Query<string>(WithoutTheirAuditRows));
        Assert.Empty(db.Query<string>(WithoutTheirAnswers));
    }

    /// <summary>The restarted service answers every acknowledged plan at its version or later.</summary>
    public async Task CheckThroughTheServiceAsync(HttpClient http)
    {
        List<AckedPlan> acked;
        lock (gate)
        {
            acked = [.. plans.Values];
        }

        foreach (var plan in acked)
        {
            var read = await Expect<VersionOnly>(await http.GetAsync(new Uri($"/api/v1/plans/{plan.Id}", UriKind.Relative)), HttpStatusCode.OK);
            Assert.True(read.Version >= plan.AckedVersion);
        }
    }

    // Plans without all their fractions (five per lesion), patients without lesions.
    private const string HalfDone = """
        SELECT 'plan ' || p.id FROM plans p
        WHERE (SELECT COUNT(*) FROM fractions f WHERE f.plan_id = p.id) <> 5 * (SELECT COUNT(*) FROM lesions l WHERE l.patient_id = p.patient_id)
        UNION ALL
        SELECT 'patient ' || p.id FROM patients p WHERE NOT EXISTS (SELECT 1 FROM lesions l WHERE l.patient_id = p.id);
        """;

    private const string DoubleBookings = """
        SELECT COUNT(*) FROM (SELECT 1 FROM fractions WHERE status IN ('planned', 'delivered') AND cancelled = 0
                              GROUP BY linac_id, start_utc HAVING COUNT(*) > 1) AS taken;
        """;

    // One audit row per patient; one per plan version (created, then one per change).
    private const string WithoutTheirAuditRows = """
        SELECT 'patient ' || p.id FROM patients p
        WHERE (SELECT COUNT(*) FROM audit a WHERE a.entity = 'patient' AND a.entity_id = p.id) <> 1
        UNION ALL
        SELECT 'plan ' || p.id FROM plans p
        WHERE (SELECT COUNT(*) FROM audit a WHERE a.entity = 'plan' AND a.entity_id = p.id) <> p.version;
        """;

    // Every patient and plan came from a keyed POST: its 201 answer was committed with it.
    private const string WithoutTheirAnswers = """
        SELECT 'patient ' || p.id FROM patients p
        WHERE NOT EXISTS (SELECT 1 FROM idempotency i WHERE i.location = '/api/v1/patients/' || p.id AND i.status = 201)
        UNION ALL
        SELECT 'plan ' || p.id FROM plans p
        WHERE NOT EXISTS (SELECT 1 FROM idempotency i WHERE i.location = '/api/v1/plans/' || p.id AND i.status = 201);
        """;

    private async Task<bool> NewPatientAsync(HttpClient http, Random random)
    {
        int n;
        lock (gate)
        {
            n = nextPatient++;
        }

        var lesions = 1 + random.Next(3);
        var studyId = $"CRASH-{n:D6}";
        var body = new
        {
            studyId,
            centerId,
            arm = 2,
            dayOne = firstMonday.AddDays(7 * (n / PatientsPerWeek)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            lesions = Enumerable.Range(1, lesions).Select(i => new { label = $"L{i}", site = "bone", greatestDiameterCm = 2.0 }).ToArray(),
        };
        await PostAsync(http, new LostPost("/api/v1/patients", System.Text.Json.JsonSerializer.Serialize(body, Infrastructure.Client.Json), Guid.NewGuid().ToString())
        {
            StudyId = studyId,
            Lesions = lesions,
        });
        return true;
    }

    private async Task<bool> PlanAsync(HttpClient http)
    {
        AckedPatient? patient;
        lock (gate)
        {
            unplanned.TryDequeue(out patient);
        }

        if (patient is null)
        {
            return false;
        }

        await PostAsync(http, new LostPost($"/api/v1/patients/{patient.Id}/plan", "{}", Guid.NewGuid().ToString()) { PatientId = patient.Id, Lesions = patient.Lesions });
        return true;
    }

    private async Task<bool> PinAsync(HttpClient http, Random random)
    {
        if (Pick(random) is not { } plan)
        {
            return false;
        }

        var fraction = plan.FractionIds[random.Next(plan.FractionIds.Count)];
        var request = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/api/v1/plans/{plan.Id}/fractions/{fraction}", UriKind.Relative))
        {
            Content = JsonContent.Create(new { pinned = random.Next(2) == 0, reason = "crash test" }, options: Infrastructure.Client.Json),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{plan.Version}\""));
        var response = await http.SendAsync(request);
        await AcknowledgeChangeAsync(plan, response, cancelled: false, HttpStatusCode.PreconditionFailed, HttpStatusCode.Conflict);
        return true;
    }

    private async Task<bool> CancelAsync(HttpClient http, Random random)
    {
        if (Pick(random) is not { } plan)
        {
            return false;
        }

        var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"/api/v1/plans/{plan.Id}?reason=crash%20test", UriKind.Relative));
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{plan.Version}\""));
        await AcknowledgeChangeAsync(plan, await http.SendAsync(request), cancelled: true, HttpStatusCode.PreconditionFailed, HttpStatusCode.Conflict);
        return true;
    }

    private AckedPlan? Pick(Random random)
    {
        lock (gate)
        {
            var live = plans.Values.Where(p => !p.Cancelled).ToList();
            return live.Count == 0 ? null : live[random.Next(live.Count)];
        }
    }

    private async Task AcknowledgeChangeAsync(AckedPlan plan, HttpResponseMessage response, bool cancelled, params HttpStatusCode[] refusals)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var version = (await response.Content.ReadFromJsonAsync<VersionOnly>(Infrastructure.Client.Json))!.Version;
            lock (gate)
            {
                plan.AckedVersion = Math.Max(plan.AckedVersion, version);
                plan.Version = Math.Max(plan.Version, version);
                plan.AckedCancelled |= cancelled;
                plan.Cancelled |= cancelled;
            }
        }
        else if (!refusals.Contains(response.StatusCode))
        {
            var text = await response.Content.ReadAsStringAsync();
            lock (gate)
            {
                Unexpected.Add($"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} -> {(int)response.StatusCode}: {text}");
            }
        }
    }

    private async Task PostAsync(HttpClient http, LostPost post)
    {
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(http, post);
        }
        catch
        {
            lock (gate)
            {
                lost.Add(post);
            }

            throw;
        }

        if (response.StatusCode == HttpStatusCode.Created)
        {
            Acknowledge(post, null, await response.Content.ReadAsStringAsync());
        }
        else if (response.StatusCode != HttpStatusCode.UnprocessableEntity || post.PatientId is null)
        {
            var text = await response.Content.ReadAsStringAsync();
            lock (gate)
            {
                Unexpected.Add($"POST {post.Url} -> {(int)response.StatusCode}: {text}");
            }
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, LostPost post)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(post.Url, UriKind.Relative))
        {
            Content = new StringContent(post.Body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", post.Key);
        return http.SendAsync(request);
    }

    private void Acknowledge(LostPost post, string? id, string json)
    {
        lock (gate)
        {
            if (post.StudyId is { } studyId)
            {
                var created = System.Text.Json.JsonSerializer.Deserialize<IdOnly>(json, Infrastructure.Client.Json)!;
                var patient = new AckedPatient(id ?? created.Id, studyId, post.Lesions);
                patients[studyId] = patient;
                unplanned.Enqueue(patient);
            }
            else
            {
                var plan = System.Text.Json.JsonSerializer.Deserialize<PlanShape>(json, Infrastructure.Client.Json)!;
                plans[plan.Id] = new AckedPlan(plan.Id, [.. plan.Fractions.Select(f => f.Id)]) { AckedVersion = plan.Version, Version = plan.Version };
            }
        }
    }

    private static async Task<T> Expect<T>(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(text, Infrastructure.Client.Json)!;
    }

    private static DateOnly NextMondayAfter(DateOnly date) => date.AddDays(((int)DayOfWeek.Monday - (int)date.DayOfWeek + 7) % 7);

    private sealed record IdOnly(string Id);

    private sealed record VersionOnly(long Version);

    private sealed record PlanShape(string Id, long Version, IdOnly[] Fractions);

    private sealed record AckedPatient(string Id, string StudyId, int Lesions);

    private sealed class AckedPlan(string id, List<string> fractionIds)
    {
        public string Id => id;
        public List<string> FractionIds => fractionIds;
        public long AckedVersion { get; set; }
        public bool AckedCancelled { get; set; }
        public long Version { get; set; }
        public bool Cancelled { get; set; }
    }

    /// <summary>A keyed POST whose answer never came.</summary>
    private sealed record LostPost(string Url, string Body, string Key)
    {
        public string? StudyId { get; init; }
        public string? PatientId { get; init; }
        public int Lesions { get; init; }

        /// <summary>After the kill: the id of what it created, if that was committed.</summary>
        public string? CommittedAs { get; set; }
    }
}
