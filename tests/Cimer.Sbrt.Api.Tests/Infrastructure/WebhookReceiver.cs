using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>One POST the receiver got, and whether its Standard Webhooks signature checked out.</summary>
public sealed record ReceivedWebhook(string Id, long Timestamp, string Signature, string Body, bool SignatureValid, int AnsweredWith)
{
    public WebhookBody Parsed => JsonSerializer.Deserialize<WebhookBody>(Body, Client.Json)!;
}

public sealed record WebhookBody(string Type, string Timestamp, WebhookData Data);

public sealed record WebhookData(string PlanId, string PatientId, long Version);

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel), verifying each signature with its own HMAC code
/// (not the service's). <see cref="Answer"/> decides the status from the n-th arrival (1-based) of
/// a webhook-id; a 503 also sends <c>Retry-After: 120</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> arrivals = new();
    private WebApplication? app;

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>The subscription's secret, set once the test has subscribed.</summary>
    public string Secret { get; set; } = "";

    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>The <c>Location</c> sent with a 3xx answer.</summary>
    public string? RedirectTo { get; set; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>A free loopback port, for a receiver that starts only later (it is down until then).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static WebhookReceiver Down(int port) => new(port);

    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? answer = null)
    {
        var receiver = new WebhookReceiver(0) { Answer = answer ?? (_ => 200) };
        await receiver.StartAsync();
        return receiver;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        app = builder.Build();
        app.MapPost("/hooks", ReceiveAsync);
        await app.StartAsync();
        Port = new Uri(app.Urls.First()).Port;
    }

    public IReadOnlyList<ReceivedWebhook> Delivered => [.. Received.Where(r => r.AnsweredWith is >= 200 and < 300)];

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>The Standard Webhooks check: HMAC-SHA256 of "{id}.{timestamp}.{body}" with the bytes after whsec_.</summary>
    public static bool Verify(string secret, string id, string timestamp, string body, string signatures)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return signatures.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = request.Headers["webhook-id"].ToString();
        var timestamp = request.Headers["webhook-timestamp"].ToString();
        var signature = request.Headers["webhook-signature"].ToString();
        var status = Answer(arrivals.AddOrUpdate(id, 1, (_, n) => n + 1));
        Received.Enqueue(new ReceivedWebhook(id, long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), signature, body, Verify(Secret, id, timestamp, body, signature), status));
        if (status == 503)
        {
            request.HttpContext.Response.Headers.RetryAfter = "120";
        }

        if (status is >= 300 and < 400 && RedirectTo is not null)
        {
            request.HttpContext.Response.Headers.Location = RedirectTo;
        }

        return Results.StatusCode(status);
    }
}
