using Cimer.Sbrt.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>The plan chart, the linac board and the page as a person meets them: a real Chromium at 1366 px.</summary>
public sealed class PicturesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly SbrtApp app = SbrtApp.Served();

    [BrowserFact]
    public async Task ThePlanChartOpensInTheBrowserWithAMarkPerFraction()
    {
        var (clinic, token) = await ClinicAsync();
        var page = await PageWithTokenAsync(token);

        await page.GotoAsync(Url($"/api/v1/plans/{clinic.FivePlan.Id}/chart.svg"));

        Assert.Equal(clinic.FivePlan.Fractions.Length, await page.Locator("[data-fraction-id]").CountAsync());
        await page.ScreenshotAsync(new() { Path = Browsers.Artifact("plan-chart.png") });
    }

    [BrowserFact]
    public async Task TheBoardOpensInTheBrowserWithACellPerSlot()
    {
        var (clinic, token) = await ClinicAsync();
        var page = await PageWithTokenAsync(token);

        await page.GotoAsync(Url($"/api/v1/centers/{clinic.Center.Id}/board.svg?from=2026-12-21&to=2027-01-03"));

        Assert.True(await page.Locator("[data-status=booked]").CountAsync() > 0);
        Assert.Equal(8, await page.Locator("[data-status=down]").CountAsync());
        await page.ScreenshotAsync(new() { Path = Browsers.Artifact("board.png") });
    }

    [BrowserFact]
    public async Task ThePageTakesTheTokenOutOfTheUrl_DrawsThePlanAndTheBoard_AndBreaksNoContentSecurityPolicy()
    {
        var (clinic, token) = await ClinicAsync();
        var page = await browser.PageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");

        await page.GotoAsync(Url($"/?plan={clinic.FivePlan.Id}&center={clinic.Center.Id}&date=2026-12-22#token={token}"));
        await page.Locator("#plan svg [data-fraction-id]").First.WaitForAsync();
        await page.Locator("#board svg [data-slot-start]").First.WaitForAsync();
        await page.Locator("#worklist tbody tr").First.WaitForAsync();

        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        Assert.Equal(token, await page.EvaluateAsync<string>("sessionStorage.getItem('sbrt.token')"));
        Assert.Equal(clinic.FivePlan.Fractions.Length, await page.Locator("#plan [data-fraction-id]").CountAsync());
        await page.Locator("#patients li").Nth(1).WaitForAsync();
        Assert.Equal(clinic.Center.Id, await page.Locator("#center-select").InputValueAsync());
        var patients = await page.Locator("#patients").TextContentAsync() ?? "";
        Assert.Contains(clinic.Five.StudyId, patients, StringComparison.Ordinal);
        Assert.Contains(clinic.Three.StudyId, patients, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Browsers.Artifact("page.png"), FullPage = true });
        Assert.Empty(problems);
    }

    public void Dispose() => app.Dispose();

    private async Task<(ChristmasClinic Clinic, string Token)> ClinicAsync()
    {
        _ = app.Address;
        var api = app.Api();
        var clinic = await ChristmasClinic.OpenAsync(api);
        return (clinic, Tokens.For("viewer"));
    }

    private async Task<IPage> PageWithTokenAsync(string token)
    {
        var page = await browser.PageAsync();
        await page.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" });
        return page;
    }

    private string Url(string path) => new Uri(app.Address, path).ToString();
}
