using System.Net;
using System.Net.Sockets;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>The addresses a receiver's host name resolves to; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> outside tests.</summary>
internal delegate Task<IPAddress[]> WebhookResolver(string host, CancellationToken ct);

/// <summary>
/// The webhook client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the receiver's
/// host itself and connects only to addresses <see cref="WebhookAddressPolicy"/> allows, so a name
/// that resolves (or is rebound) to loopback, metadata or a closed private range is refused on every
/// connection, not only when it was subscribed. The refusal is a connection error, recorded as the
/// attempt's error and retried like one: DNS may be rebound only for a while.
/// </summary>
internal sealed class WebhookConnector(WebhookAddressPolicy policy, WebhookResolver resolve)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        // An IPv6 literal comes bracketed, its zone escaped ([fe80::1%25eth0]).
        var addresses = IPAddress.TryParse(Uri.UnescapeDataString(host.TrimStart('[').TrimEnd(']')), out var literal) ? [literal] : await resolve(host, ct);
        var open = addresses.Where(a => policy.Refusal(a) is null).ToArray();
        if (open.Length == 0)
        {
            var why = addresses.Length == 0 ? "it resolves to no address." : string.Join(" ", addresses.Select(policy.Refusal).Distinct());
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"Refused to connect to {host}: {why}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(open, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
