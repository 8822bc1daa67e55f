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
    public async Task SwaggerUiIsServed()
    {
        var response = await app.Api().Http.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
