using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// A feed token and a webhook secret are shown once, in the answer to their POST: no copy of them
/// rests in the database files, keyed answers included, and none reaches the log, at any level.
/// </summary>
public sealed class SecretsAtRestTests
{
    private static readonly Dictionary<string, string> TraceEverything = new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
    };

    [Fact]
    public async Task KeyedFeedAndWebhook_ReplayFaithfully_ButLeaveNoTokenOrSecretInTheFilesOrTheLog()
    {
        using var app = SbrtApp.With(TraceEverything);
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
        foreach (var file in new[] { "", "-wal", "-shm" }.Select(suffix => app.DatabasePath + suffix).Where(File.Exists))
        {
            var bytes = ReadShared(file);
            Assert.All(secrets, s => Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(s)) < 0, $"{Path.GetFileName(file)} holds {s}"));
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

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }
}
