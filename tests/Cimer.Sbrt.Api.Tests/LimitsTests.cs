using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Rate and size limits, and what the service tells about itself.</summary>
public class LimitsTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    [ProviderFact]
    public async Task RateLimit_ATokenOverItsBurst_Gets429WithRetryAfter_WhileAnotherTokenIsServed()
    {
        // A bucket of 2 that refills once an hour: the third call of the same subject is refused.
        using var tiny = app.Another(new Dictionary<string, string>
        {
            ["Limits:Burst"] = "2",
            ["Limits:RequestsPerPeriod"] = "1",
            ["Limits:Period"] = "01:00:00",
        });
        var alice = tiny.Api(Tokens.Mint(Tokens.AllRoles, subject: "alice")).Http;

        var first = await alice.GetAsync("/api/v1/centers/x");
        var second = await alice.GetAsync("/api/v1/centers/x");
        var third = await alice.GetAsync("/api/v1/centers/x");

        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        var problem = await Client.ProblemAsync(third, (HttpStatusCode)429);
        Assert.Equal("Too many requests", problem.Title);
        Assert.InRange(int.Parse(third.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        var bob = tiny.Api(Tokens.Mint(Tokens.AllRoles, subject: "bob")).Http;
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/api/v1/centers/x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/health")).StatusCode);
    }

    [ProviderFact]
    public async Task ABodyOver64KiB_IsA413Problem_AndOneJustUnderIsRead()
    {
        var api = app.Api();
        var padding = new string(' ', 64 * 1024);

        var tooLarge = await api.PostRawAsync("/api/v1/centers", "{" + padding + "}");
        var underLimit = await api.PostRawAsync("/api/v1/centers", "{" + padding[..(64 * 1024 - 100)] + "}");

        var problem = await Client.ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("65536", problem.Detail, StringComparison.Ordinal);
        await Client.ProblemAsync(underLimit, HttpStatusCode.BadRequest);
    }

    [ProviderFact]
    public void Kestrel_SendsNoServerHeader_AndCutsBodiesAtTheLimit()
    {
        _ = app.Server;
        var kestrel = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.False(kestrel.AddServerHeader);
        Assert.Equal(64 * 1024, kestrel.Limits.MaxRequestBodySize);
    }

    [ProviderFact]
    public void ForwardedHeaders_TrustTheConfiguredProxiesBesideLoopback()
    {
        using var proxied = app.Another(new Dictionary<string, string>
        {
            ["Proxy:KnownProxies:0"] = "10.1.2.3",
            ["Proxy:KnownNetworks:0"] = "172.16.0.0/12",
        });
        _ = proxied.Server;

        var forwarded = proxied.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Contains(System.Net.IPAddress.Parse("10.1.2.3"), forwarded.KnownProxies);
        Assert.Contains(System.Net.IPNetwork.Parse("172.16.0.0/12"), forwarded.KnownIPNetworks);
        Assert.Contains(System.Net.IPNetwork.Parse("127.0.0.0/8"), forwarded.KnownIPNetworks);
    }

    [ProviderFact]
    public void ABadProxyAddress_StopsTheStartWithItsName()
    {
        using var broken = app.Another(new Dictionary<string, string> { ["Proxy:KnownNetworks:0"] = "not-a-network" });

        var error = Assert.ThrowsAny<Exception>(() => broken.Server);

        Assert.Contains("Proxy:KnownNetworks", error.ToString(), StringComparison.Ordinal);
    }

    [ProviderFact]
    public void Production_WithoutASigningKeyForTheIssuer_RefusesToStartAndSaysWhatToSet()
    {
        using var unconfigured = app.Another(
            new Dictionary<string, string> { ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = "someone-else" },
            environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => unconfigured.Server);

        Assert.Contains("No signing key for issuer 'cimer-sbrt-tests'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("SigningKeys:0:Value", error.ToString(), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Development_WithoutASigningKey_StartsAndAnswersEveryApiCall401()
    {
        // A newcomer's first `dotnet run` must start; the warning says to run `dotnet user-jwts`.
        using var fresh = app.Another(
            new Dictionary<string, string> { ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = "someone-else" },
            environment: "Development");

        var health = await fresh.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));
        var centers = await fresh.Api().PostRawAsync("/api/v1/centers", "{}");

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, centers.StatusCode);
    }

    [ProviderFact]
    public async Task Production_ProblemsCarryNoStackTrace()
    {
        using var production = app.Another(new Dictionary<string, string>(), environment: "Production");

        var text = await (await production.Api().PostRawAsync("/api/v1/centers", "{ broken")).Content.ReadAsStringAsync();

        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }
}
