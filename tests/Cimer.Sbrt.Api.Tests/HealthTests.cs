using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public sealed class HealthTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    [Fact]
    public async Task HealthAnswers200OnceTheServiceCanServe()
    {
        var response = await app.Api().Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LiveAndReady_Answer200WithoutAToken_WhenTheDatabaseAnswers()
    {
        var anonymous = app.Api(token: null).Http;

        var live = await anonymous.GetAsync("/health/live");
        var ready = await anonymous.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithTheDatabaseGone_LiveIs200_ReadyAndHealthAre503()
    {
        using var gone = SbrtApp.With(new Dictionary<string, string>());
        var anonymous = gone.Api(token: null).Http;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        var folder = Path.GetDirectoryName(gone.DatabasePath)!;
        var away = folder + "-away";

        // The file's folder moved away: a new connection cannot open it (nor create it), as with a lost volume.
        Directory.Move(folder, away);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            var live = await anonymous.GetAsync("/health/live");
            var ready = await anonymous.GetAsync("/health/ready");
            var health = await anonymous.GetAsync("/health");

            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }
        finally
        {
            Directory.Move(away, folder);
        }
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        var response = await app.Api().Http.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
