using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// Subscribing: a URL that reaches this host or its networks is refused, in every form the URI
/// parser turns into such an address. Production, where <c>Webhooks:AllowedNetworks</c> is empty
/// (Development opens loopback in appsettings.Development.json).
/// </summary>
public class WebhookAddressTests(WebhookAddressTests.Closed closed) : IClassFixture<WebhookAddressTests.Closed>
{
    // Why these: each special range, and each way of writing an address that the URI parser
    // normalises into one: decimal, octal, hex, short forms, a trailing dot, IPv4 inside IPv6
    // (mapped, compatible, NAT64), a zone id; localhost names; user info. (Full-width digits are
    // not here: under InvariantGlobalization their IdnHost is a punycode name, checked at delivery.)
    [ProviderTheory]
    [InlineData("http://127.0.0.1:8080/hooks", "loopback")]
    [InlineData("http://localhost/hooks", "loopback")]
    [InlineData("http://LocalHost./hooks", "loopback")]
    [InlineData("http://hooks.localhost/hooks", "loopback")]
    [InlineData("http://[::1]/hooks", "loopback")]
    [InlineData("http://2130706433/hooks", "loopback")]
    [InlineData("http://0177.0.0.1/hooks", "loopback")]
    [InlineData("http://0x7f.1/hooks", "loopback")]
    [InlineData("http://0x7f000001/hooks", "loopback")]
    [InlineData("http://127.1/hooks", "loopback")]
    [InlineData("http://127.0.0.1./hooks", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]/hooks", "loopback")]
    [InlineData("http://[::ffff:7f00:1]/hooks", "loopback")]
    [InlineData("http://[::127.0.0.1]/hooks", "loopback")]
    [InlineData("http://0.0.0.0:8080/hooks", "unspecified")]
    [InlineData("http://0/hooks", "unspecified")]
    [InlineData("http://[::]/hooks", "unspecified")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/", "link-local")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "link-local")]
    [InlineData("http://[fe80::1]/hooks", "link-local")]
    [InlineData("http://[fe80::1%25eth0]/hooks", "link-local")]
    [InlineData("http://224.0.0.1/hooks", "multicast")]
    [InlineData("http://[ff02::1]/hooks", "multicast")]
    [InlineData("http://255.255.255.255/hooks", "broadcast")]
    [InlineData("http://4294967295/hooks", "broadcast")]
    [InlineData("http://10.1.2.3/hooks", "private")]
    [InlineData("https://172.16.0.1/hooks", "private")]
    [InlineData("https://192.168.1.10/hooks", "private")]
    [InlineData("http://100.64.0.1/hooks", "carrier-grade NAT")]
    [InlineData("http://[fd00::1]/hooks", "unique local")]
    [InlineData("https://sbrt:secret@ehr.example.org/hooks", "user name or password")]
    public async Task Subscribe_UrlReachingThisHostOrItsNetworks_Is400SayingWhyAndSavesNothing(string url, string why)
    {
        var api = closed.App.Api();
        var before = closed.App.Fingerprint();

        var problem = await Client.ProblemAsync(await api.PostAsync("/api/v1/webhooks", new { url, events = new[] { "plan.created" } }), HttpStatusCode.BadRequest);

        Assert.Contains(why, Assert.Single(problem.Errors!["url"]), StringComparison.Ordinal);
        Assert.Equal(before, closed.App.Fingerprint());
    }

    // Why these: the first and last address of each range is refused and its neighbour outside is
    // a public address, accepted; names are accepted without DNS (.test never resolves).
    [ProviderTheory]
    [InlineData("http://9.255.255.255/", "http://10.0.0.0/")]
    [InlineData("http://11.0.0.0/", "http://10.255.255.255/")]
    [InlineData("http://172.15.255.255/", "http://172.16.0.0/")]
    [InlineData("http://172.32.0.0/", "http://172.31.255.255/")]
    [InlineData("http://192.169.0.0/", "http://192.168.255.255/")]
    [InlineData("http://100.63.255.255/", "http://100.64.0.0/")]
    [InlineData("http://100.128.0.0/", "http://100.127.255.255/")]
    [InlineData("http://169.255.0.1/", "http://169.254.0.1/")]
    [InlineData("http://126.255.255.255/", "http://127.255.255.255/")]
    [InlineData("http://93.184.216.34/hooks", "http://[::ffff:10.0.0.1]/hooks")]
    [InlineData("https://[2606:4700::1111]/hooks", "https://[fdff::1]/hooks")]
    [InlineData("https://hooks.example.org/sbrt", "https://ehr.localhost/sbrt")]
    [InlineData("https://localhost.example.test/sbrt", "https://localhost/sbrt")]
    public async Task Subscribe_EdgesOfEachRange_OutsideIsAcceptedInsideIs400(string outside, string inside)
    {
        var api = closed.App.Api();

        var created = await Client.CreatedAsync<WebhookCreated>(await api.PostAsync("/api/v1/webhooks", new { url = outside, events = new[] { "plan.created" } }));
        var problem = await Client.ProblemAsync(await api.PostAsync("/api/v1/webhooks", new { url = inside, events = new[] { "plan.created" } }), HttpStatusCode.BadRequest);

        Assert.Equal(outside, created.Url);
        Assert.Contains("url", problem.Errors!.Keys);
    }

    /// <summary>The service in Production, nothing opened (on PostgreSQL for <see cref="WebhookAddressOnPostgresTests"/>).</summary>
    public class Closed : IDisposable
    {
        public Closed()
            : this(SbrtApp.With(new Dictionary<string, string>(), environment: "Production"))
        {
        }

        protected Closed(SbrtApp app) => App = app;

        public SbrtApp App { get; }

        public void Dispose()
        {
            App.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
