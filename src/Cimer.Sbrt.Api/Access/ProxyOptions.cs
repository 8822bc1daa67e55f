using System.Net;

namespace Cimer.Sbrt.Api.Access;

/// <summary>
/// <c>Proxy</c>: the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
/// believed, beside loopback. Addresses in <c>KnownProxies</c>, CIDR ranges in <c>KnownNetworks</c>.
/// </summary>
internal sealed class ProxyOptions
{
    public const string Section = "Proxy";

    public IList<string> KnownProxies { get; } = [];

    public IList<string> KnownNetworks { get; } = [];

    /// <summary>Every entry that does not parse, with what was expected.</summary>
    public IEnumerable<string> Errors() =>
        KnownProxies.Where(p => !IPAddress.TryParse(p, out _)).Select(p => $"{Section}:KnownProxies: '{p}' is not an IP address.")
            .Concat(KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)).Select(n => $"{Section}:KnownNetworks: '{n}' is not a CIDR range (e.g. 10.0.0.0/8)."));
}
