using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>A webhook post as the receiver saw it, with its Standard Webhooks signature checked.</summary>
public sealed record Received(string Id, long Timestamp, string Signature, string Body, bool SignatureValid);

/// <summary>
/// A real webhook receiver: Kestrel on 127.0.0.1, answering each post as <c>respond</c> says
/// (by the post's number, from 0), and checking every signature with the subscription's secret
/// independently of the service's code.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Received> received = new();
    private int count;

    private Receiver(WebApplication app) => this.app = app;

    public Func<int, IResult> Respond { get; set; } = _ => Results.Ok();

    public string Secret { get; set; } = "";

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    public IReadOnlyList<Received> Posts => [.. received];

    /// <summary>A port nothing listens on (yet): for a receiver that is down.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<Receiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers["webhook-id"].ToString();
            var timestamp = long.Parse(request.Headers["webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var signature = request.Headers["webhook-signature"].ToString();
            receiver.received.Enqueue(new Received(id, timestamp, signature, body, Verify(receiver.Secret, id, timestamp, body, signature)));
            return receiver.Respond(Interlocked.Increment(ref receiver.count) - 1);
        });
        await app.StartAsync();
        receiver.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return receiver;
    }

    /// <summary>Waits (bounded) until <paramref name="done"/> holds for the posts so far.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> done, int seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(Posts))
        {
            Assert.True(DateTime.UtcNow < until, $"The receiver got {Posts.Count} posts, not what was awaited: {string.Join(" | ", Posts.Select(p => p.Body))}");
            await Task.Delay(20);
        }

        return Posts;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static bool Verify(string secret, string id, long timestamp, string body, string signature)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            return false;
        }

        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return signature.Split(' ').Contains(expected);
    }
}
