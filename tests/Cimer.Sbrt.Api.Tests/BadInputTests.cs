using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// Ten thousand bad requests generated from the committed OpenAPI document, and two thousand FHIR
/// requests, which that document leaves out (one seed, so a failure can be replayed): none is a 5xx,
/// and none that is refused (4xx) changes anything: no table but the idempotency answers (a refused
/// keyed request keeps its answer too), and no audit row.
/// </summary>
[Collection(Reliability.Name)]
public class BadInputTests(ITestOutputHelper output)
{
    private const int Requests = 10_000, FhirRequests = 2_000, Seed = 20261207;

    [ProviderFact(Timeout = 300_000)]
    public async Task TenThousandGeneratedBadRequests_AreNever5xxAndARefusedOneChangesNothing()
    {
        // The per-subject rate limit would answer most of these 429 before they reach a check.
        using var app = SbrtApp.For(this, new Dictionary<string, string> { ["Limits:Burst"] = "1000000", ["Limits:RequestsPerPeriod"] = "1000000" });
        var api = app.Api();
        var ids = await SeedAsync(api);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.OpenApiPath));
        var fuzzer = new OpenApiFuzzer(document, new Random(Seed), ids);
        var fhir = new FhirFuzzer(new Random(Seed), ids);
        using var database = app.OpenDatabase();
        var (dataVersion, fingerprint) = app.OnPostgres ? PostgresProbes(database) : SqliteProbes();
        var (version, print, audited) = (dataVersion(database), fingerprint(database), LastAuditRow(database));
        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Requests + FhirRequests && failures.Count < 20; i++)
        {
            var request = i < Requests ? fuzzer.Next() : fhir.Next();
            using var response = await api.Http.SendAsync(request.ToMessage());
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
            {
                failures.Add($"#{i} {status}: {request} -> {await response.Content.ReadAsStringAsync()}");
            }

            // A FHIR client reads an OperationOutcome for every refusal, whoever made it.
            if (i >= Requests && status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/fhir+json")
            {
                failures.Add($"#{i} {status} is not FHIR ({response.Content.Headers.ContentType}): {request}");
            }

            if (dataVersion(database) is var now && now != version)
            {
                var (after, lastAudited) = (fingerprint(database), LastAuditRow(database));
                if (status is >= 400 and < 500 && (after != print || lastAudited != audited))
                {
                    failures.Add($"#{i} {status} changed the database: {request}");
                }

                (version, print, audited) = (now, after, lastAudited);
            }
        }

        output.WriteLine($"{Requests + FhirRequests} requests in {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}"))}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>Two centers with linacs, closures, downtimes, patients and plans, so generated ids can be real.</summary>
    private static async Task<Dictionary<string, List<string>>> SeedAsync(Client api)
    {
        var ids = new Dictionary<string, List<string>> { ["centerId"] = [], ["linacId"] = [], ["patientId"] = [], ["planId"] = [], ["fractionId"] = [] };
        for (var c = 0; c < 2; c++)
        {
            var center = await api.CenterAsync();
            ids["centerId"].Add(center.Id);
            var linac = await api.LinacAsync(center.Id);
            ids["linacId"].Add(linac.Id);
            for (var p = 0; p < 3; p++)
            {
                var patient = await api.PatientAsync(center.Id, lesions: 1 + p);
                ids["patientId"].Add(patient.Id);
                if (p < 2)
                {
                    var plan = await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));
                    ids["planId"].Add(plan.Id);
                    ids["fractionId"].AddRange(plan.Fractions.Select(f => f.Id));
                }
            }
        }

        return ids;
    }

    /// <summary>SQLite's data version, which changes whenever another connection commits, and the fingerprint below.</summary>
    private static (Func<DbConnection, string> DataVersion, Func<DbConnection, string> Fingerprint) SqliteProbes() =>
        (d => DataVersion((SqliteConnection)d).ToString(System.Globalization.CultureInfo.InvariantCulture), d => Fingerprint((SqliteConnection)d));

    /// <summary>Changes whenever another connection commits: a cheap test before the full fingerprint.</summary>
    private static long DataVersion(SqliteConnection database) => database.ExecuteScalar<long>("PRAGMA data_version;");

    private static long LastAuditRow(DbConnection database) => database.ExecuteScalar<long>("SELECT COALESCE(MAX(id), 0) FROM audit;");

    /// <summary>
    /// PostgreSQL has no data version of one database that a commit raises at once (its statistics lag), so the
    /// cheap test is the server's: the transaction id after the last one completed, which every commit of a write
    /// raises, here or in another test's database (a false alarm costs only a fingerprint). The fingerprint is a
    /// hash the server computes in one query, of the same tables (and not Quartz's, the scheduler's own).
    /// </summary>
    private static (Func<DbConnection, string> DataVersion, Func<DbConnection, string> Fingerprint) PostgresProbes(DbConnection database)
    {
        var tables = database.Query<string>("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit', 'idempotency') AND table_name NOT LIKE 'qrtz%'
            ORDER BY table_name;
            """);
        var hash = "SELECT md5(concat_ws('|', " + string.Join(", ", tables.Select(t =>
            $"'{t}', (SELECT md5(string_agg(r::text, E'\\n' ORDER BY r::text COLLATE \"C\")) FROM \"{t}\" AS r)")) + "));";
        return (d => d.ExecuteScalar<string>("SELECT pg_snapshot_xmax(pg_current_snapshot())::text;")!, d => d.ExecuteScalar<string>(hash)!);
    }

    /// <summary>A hash of every row of every table but the audit trail and the idempotency answers (and AUTOINCREMENT's counter).</summary>
    private static string Fingerprint(SqliteConnection database)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tables = database.Query<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit', 'idempotency', 'sqlite_sequence') ORDER BY name;");
        foreach (var table in tables)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"== {table}\n"));
            using var reader = database.ExecuteReader($"SELECT * FROM \"{table}\" ORDER BY rowid;");
            var values = new object[reader.FieldCount];
            while (reader.Read())
            {
                reader.GetValues(values);
                hash.AppendData(Encoding.UTF8.GetBytes(string.Join('|', values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))) + "\n"));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
