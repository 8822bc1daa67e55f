using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary><c>Webhooks:AllowedNetworks</c> opens chosen loopback or private ranges, never link-local, and a bad entry stops the start.</summary>
public class WebhookAllowedNetworksTests
{
    [ProviderFact]
    public async Task AllowedNetworks_Opening10Slash8_AcceptsItButNotOtherPrivateRangesNorMetadata()
    {
        using var app = SbrtApp.For(this, new Dictionary<string, string> { ["Webhooks:AllowedNetworks:0"] = "10.0.0.0/8" }, environment: "Production");
        var api = app.Api();

        var engine = await api.PostAsync("/api/v1/webhooks", new { url = "https://10.20.30.40/hooks", events = new[] { "plan.created" } });
        var other = await api.PostAsync("/api/v1/webhooks", new { url = "https://192.168.1.10/hooks", events = new[] { "plan.created" } });
        var metadata = await api.PostAsync("/api/v1/webhooks", new { url = "http://169.254.169.254/latest/meta-data/", events = new[] { "plan.created" } });

        await Client.CreatedAsync<WebhookCreated>(engine);
        Assert.Contains("Webhooks:AllowedNetworks", (await Client.ProblemAsync(other, HttpStatusCode.BadRequest)).Errors!["url"][0], StringComparison.Ordinal);
        Assert.Contains("never", (await Client.ProblemAsync(metadata, HttpStatusCode.BadRequest)).Errors!["url"][0], StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Development_OpensLoopbackForALocalReceiver_ProductionDoesNot()
    {
        // appsettings.Development.json opens 127.0.0.0/8 and ::1 so that a newcomer can try a local receiver.
        using var development = SbrtApp.For(this, new Dictionary<string, string>());
        using var production = SbrtApp.For(this, new Dictionary<string, string>(), environment: "Production");
        var hook = new { url = "http://127.0.0.1:9/hooks", events = new[] { "plan.created" } };

        await Client.CreatedAsync<WebhookCreated>(await development.Api().PostAsync("/api/v1/webhooks", hook));
        await Client.ProblemAsync(await production.Api().PostAsync("/api/v1/webhooks", hook), HttpStatusCode.BadRequest);
    }

    // Why these: not CIDR at all, a prefix too long, a bare address; link-local itself, inside it,
    // and ranges wide enough to hold it (which would open it by accident).
    [ProviderTheory]
    [InlineData("not-a-network", "is not a CIDR range")]
    [InlineData("10.0.0.0/33", "is not a CIDR range")]
    [InlineData("10.0.0.0", "is not a CIDR range")]
    [InlineData("169.254.0.0/16", "link-local")]
    [InlineData("169.254.169.254/32", "link-local")]
    [InlineData("fe80::/64", "link-local")]
    [InlineData("0.0.0.0/0", "never")]
    [InlineData("::/0", "never")]
    public void AllowedNetworks_BadOrLinkLocalEntry_StopsTheStartNamingIt(string network, string why)
    {
        using var broken = SbrtApp.For(this, new Dictionary<string, string> { ["Webhooks:AllowedNetworks:0"] = network }, environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => broken.Server).ToString();

        Assert.Contains($"Webhooks:AllowedNetworks: '{network}'", error, StringComparison.Ordinal);
        Assert.Contains(why, error, StringComparison.Ordinal);
    }
}
