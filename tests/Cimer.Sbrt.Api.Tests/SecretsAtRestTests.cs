using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// A feed token and a webhook secret are shown once, in the answer to their POST: no copy of them
/// rests in the database files, keyed answers included, and none reaches the log, at any level.
/// </summary>
public class SecretsAtRestTests
{
    private static readonly Dictionary<string, string> TraceEverything = new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
    };

    [ProviderFact]
    public async Task KeyedFeedAndWebhook_ReplayFaithfully_ButLeaveNoTokenOrSecretInTheFilesOrTheLog()
    {
        using var app = SbrtApp.For(this, TraceEverything);
        app.Logs = new LogCapture();
        var api = app.Api();
        var center = await api.CenterAsync();
        var linac = await api.LinacAsync(center.Id);

        var (feed, feedAgain) = await TwiceAsync(api, "/api/v1/feeds", new { kind = "linac", id = linac.Id });
        var (hook, hookAgain) = await TwiceAsync(api, "/api/v1/webhooks", new { url = "https://ehr.example.org/hooks", events = new[] { "plan.created" } });
        var url = feed.GetProperty("url").GetString()!;
        var token = url[(url.IndexOf("?token=", StringComparison.Ordinal) + "?token=".Length)..];
        var secret = hook.GetProperty("secret").GetString()!;
        var calendar = await app.Api(token: null).Http.GetAsync(new Uri(url, UriKind.Absolute).PathAndQuery);

        Assert.Equal(url, feedAgain.GetProperty("url").GetString());
        Assert.Equal(secret, hookAgain.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.OK, calendar.StatusCode);
        string[] secrets = [token, secret, secret["whsec_".Length..]];
        foreach (var (file, bytes) in app.OnPostgres ? PostgresFiles(app) : SqliteFiles(app))
        {
            Assert.All(secrets, s => Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(s)) < 0, $"{file} holds {s}"));
        }

        var log = string.Join("\n", app.Logs.Lines);
        Assert.Contains("calendar.ics", log, StringComparison.Ordinal);
        Assert.All(secrets, s => Assert.DoesNotContain(s, log, StringComparison.Ordinal));
    }

    /// <summary>The same keyed POST twice: the first answer, and its replay.</summary>
    private static async Task<(JsonElement First, JsonElement Replayed)> TwiceAsync(Client api, string path, object body)
    {
        var key = $"\"{Guid.NewGuid()}\"";
        var first = await SendAsync(api, path, body, key);
        var replayed = await SendAsync(api, path, body, key);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        return (await Client.CreatedAsync<JsonElement>(first), await Client.CreatedAsync<JsonElement>(replayed));
    }

    private static Task<HttpResponseMessage> SendAsync(Client api, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Client.Json) };
        request.Headers.Add("Idempotency-Key", key);
        return api.Http.SendAsync(request);
    }

    private static IEnumerable<(string File, byte[] Bytes)> SqliteFiles(SbrtApp app) =>
        new[] { "", "-wal", "-shm" }.Select(suffix => app.DatabasePath + suffix).Where(File.Exists).Select(file => (Path.GetFileName(file), ReadShared(file)));

    /// <summary>
    /// PostgreSQL's counterpart of the SQLite files: the database's tables, their TOAST tables and indexes as
    /// the server keeps them on disk (after a checkpoint, read through the server, which needs a superuser or
    /// pg_read_server_files login, as the CI's is), old row versions included; and every live row as text, for
    /// a value the server compressed (bytea in its escape form, where the bytes of text read as that text).
    /// The write-ahead log is left out: it is the server's, shared by every database on it.
    /// </summary>
    private static IEnumerable<(string File, byte[] Bytes)> PostgresFiles(SbrtApp app)
    {
        using var database = app.OpenDatabase();
        database.Execute("CHECKPOINT;");
        var files = database.Query<(string Path, byte[] Bytes)>("""
            SELECT pg_relation_filepath(c.oid), pg_read_binary_file(pg_relation_filepath(c.oid))
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 't', 'i') AND pg_relation_filepath(c.oid) IS NOT NULL;
            """).ToList();
        Assert.Contains(files, f => f.Bytes.Length > 0);
        database.Execute("SET bytea_output = 'escape';");
        var rows = Encoding.UTF8.GetBytes(string.Join("\n", database.Query<string>("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE';
            """).ToList().SelectMany(table => database.Query<string>($"SELECT r::text FROM \"{table}\" AS r;"))));
        return [.. files, ("every row as text", rows)];
    }

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }
}
