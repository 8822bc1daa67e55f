using System.Net;
using System.Net.Sockets;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>A special-purpose range, what it is, and whether <c>Webhooks:AllowedNetworks</c> may open it.</summary>
internal sealed record WebhookRange(IPNetwork Network, string Kind, bool Openable);

/// <summary>
/// The ranges webhooks do not reach by default (every other address is public and open). IPv4
/// written inside IPv6 (mapped, compatible, NAT64) is judged as the IPv4 address it reaches.
/// </summary>
internal static class WebhookRanges
{
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>Disjoint, so the first match is the only one.</summary>
    public static readonly IReadOnlyList<WebhookRange> All =
    [
        Never("0.0.0.0/8", "unspecified (it reaches this host)"),
        Never("::/128", "unspecified (it reaches this host)"),
        Never("169.254.0.0/16", "link-local (cloud metadata lives at 169.254.169.254)"),
        Never("fe80::/10", "link-local"),
        Never("224.0.0.0/4", "multicast"),
        Never("ff00::/8", "multicast"),
        Never("240.0.0.0/4", "reserved or broadcast"),
        Openable("127.0.0.0/8", "loopback"),
        Openable("::1/128", "loopback"),
        Openable("10.0.0.0/8", "private"),
        Openable("172.16.0.0/12", "private"),
        Openable("192.168.0.0/16", "private"),
        Openable("100.64.0.0/10", "shared (carrier-grade NAT)"),
        Openable("fc00::/7", "private (unique local)"),
        Openable("fec0::/10", "private (site-local)"),
    ];

    /// <summary>The range <paramref name="address"/> (as reached) falls in, or null when it is public.</summary>
    public static WebhookRange? Of(IPAddress address) => All.FirstOrDefault(r => r.Network.Contains(address));

    /// <summary>The address a connection to <paramref name="address"/> reaches: IPv4 for IPv4 written as IPv6.</summary>
    public static IPAddress Reached(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        // IPv4-compatible ::a.b.c.d (deprecated), but :: and ::1 are themselves.
        var compatible = bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback);
        return compatible || Nat64.Contains(address) ? new IPAddress(bytes.AsSpan(12)) : address;
    }

    /// <summary>Whether two networks share an address.</summary>
    public static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    private static WebhookRange Never(string network, string kind) => new(IPNetwork.Parse(network), kind, false);

    private static WebhookRange Openable(string network, string kind) => new(IPNetwork.Parse(network), kind, true);
}
