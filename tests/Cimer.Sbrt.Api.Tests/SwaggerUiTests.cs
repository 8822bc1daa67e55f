using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>Swagger UI as a person meets it: a real Chromium against the service on a real port.</summary>
public sealed class SwaggerUiTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly SbrtApp app = SbrtApp.Served();

    [BrowserFact]
    public async Task SwaggerUiLoadsTheDocumentAndListsTheOperations()
    {
        var page = await browser.PageAsync();

        await page.GotoAsync(new Uri(app.Address, "/swagger/index.html").ToString());
        await page.Locator(".opblock").First.WaitForAsync();

        Assert.True(await page.Locator(".opblock").CountAsync() > 20);
        await page.ScreenshotAsync(new() { Path = Browsers.Artifact("swagger.png") });
    }

    public void Dispose() => app.Dispose();
}
