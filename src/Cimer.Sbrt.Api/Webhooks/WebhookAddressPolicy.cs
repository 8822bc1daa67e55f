using System.Net;
using Microsoft.Extensions.Options;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// Which addresses webhooks may reach: the one rule behind both the check of a URL at subscription
/// and the check of every address a delivery connects to. Public addresses are open; loopback and
/// private ranges only where <c>Webhooks:AllowedNetworks</c> opens them; link-local (cloud metadata),
/// unspecified, multicast and reserved/broadcast never (<see cref="WebhookRanges"/>).
/// </summary>
internal sealed class WebhookAddressPolicy(IOptions<WebhooksOptions> options)
{
    private const string Setting = WebhooksOptions.Section + ":AllowedNetworks";

    private readonly IPNetwork[] allowed = [.. options.Value.AllowedNetworks.Select(n => IPNetwork.Parse(n))];

    /// <summary>Null when a delivery may connect to <paramref name="address"/>, else why not.</summary>
    public string? Refusal(IPAddress address)
    {
        var reached = WebhookRanges.Reached(address);
        var range = WebhookRanges.Of(reached);
        if (range is null || (range.Openable && allowed.Any(n => n.Contains(reached))))
        {
            return null;
        }

        return range.Openable
            ? $"{reached} is {range.Kind}, which webhooks reach only when {Setting} includes it."
            : $"{reached} is {range.Kind}, which webhooks never reach.";
    }

    /// <summary>
    /// Null when <paramref name="url"/> may be subscribed, else why not. A host written as an address,
    /// in any form the URI parser accepts (2130706433, 0x7f.1, 127.1, [::ffff:127.0.0.1]), is judged
    /// as that address; <c>localhost</c> and <c>*.localhost</c> as loopback; any other name only
    /// after DNS, on each delivery, so subscribing needs no DNS.
    /// </summary>
    public string? Refusal(Uri url)
    {
        if (url.UserInfo.Length > 0)
        {
            return "A URL without a user name or password: the receiver checks the signature instead.";
        }

        // IdnHost is what is resolved and connected to (full-width digits are ASCII there); a
        // trailing dot names the same host.
        var host = url.IdnHost.TrimEnd('.');
        if (IPAddress.TryParse(host, out var address))
        {
            return Refusal(address);
        }

        var local = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        return local && Refusal(IPAddress.Loopback) is not null && Refusal(IPAddress.IPv6Loopback) is not null
            ? $"{host} is this host (loopback), which webhooks reach only when {Setting} includes 127.0.0.0/8 or ::1/128."
            : null;
    }

    /// <summary>Every entry of <c>Webhooks:AllowedNetworks</c> that is not a CIDR range, or would open a range that is never opened.</summary>
    public static IEnumerable<string> ConfigurationErrors(IEnumerable<string> networks)
    {
        foreach (var text in networks)
        {
            if (!IPNetwork.TryParse(text, out var network))
            {
                yield return $"{Setting}: '{text}' is not a CIDR range (e.g. 10.0.0.0/8).";
            }
            else if (WebhookRanges.All.FirstOrDefault(r => !r.Openable && WebhookRanges.Overlap(r.Network, network)) is { } never)
            {
                yield return $"{Setting}: '{text}' overlaps {never.Network}, {never.Kind}, which webhooks never reach; list narrower ranges.";
            }
        }
    }
}
