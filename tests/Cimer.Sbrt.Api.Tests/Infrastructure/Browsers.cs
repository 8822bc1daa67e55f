using Microsoft.Playwright;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// A real Chromium for the UI tests, driven by Playwright: Debian's <c>chromium</c> package (or the
/// browser named by <c>SBRT_CHROMIUM</c>), never a browser Playwright downloads. Where none is
/// installed the browser tests are skipped with a message that says how to run them, so a
/// newcomer's <c>dotnet test</c> still passes; under CI (<c>CI=true</c>, where <c>.ci/run</c>
/// installs it) a missing browser fails them instead of skipping them silently.
/// </summary>
public static class Browsers
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>The browser executable, or null when this machine has none.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>Why the browser tests are skipped here, or null when they run.</summary>
    public static string? SkipReason =>
        Executable is null && !IsCi
            ? "No Chromium here: 'apt-get install chromium' (or set SBRT_CHROMIUM to a Chromium or Chrome executable) to run the browser tests."
            : null;

    /// <summary>Where the tests leave their screenshots: <c>SBRT_ARTIFACTS</c>, else <c>screenshots/</c> beside the test assembly.</summary>
    public static string ArtifactsFolder { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("SBRT_ARTIFACTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Artifact(string fileName) => Path.Combine(ArtifactsFolder, fileName);

    private static string? Find()
    {
        var named = Environment.GetEnvironmentVariable("SBRT_CHROMIUM");
        if (!string.IsNullOrEmpty(named))
        {
            return File.Exists(named) ? named : null;
        }

        return Candidates.FirstOrDefault(File.Exists);
    }
}

/// <summary>A test that needs a real browser: skipped, with how to enable it, where <see cref="Browsers"/> finds none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browsers.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// One headless Chromium for a test class (xUnit class fixture), started on first use; each test
/// opens its own page in a fresh context of 1366 x 768, the narrowest screen the pages must read well on.
/// </summary>
public sealed class BrowserFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task<IPage> PageAsync(int width = 1366, int height = 768)
    {
        var running = await BrowserAsync();
        var context = await running.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "America/New_York",
        });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        gate.Dispose();
    }

    private async Task<IBrowser> BrowserAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (browser is null)
            {
                var executable = Browsers.Executable
                    ?? throw new InvalidOperationException("CI=true but no Chromium was found: .ci/run installs Debian's chromium; set SBRT_CHROMIUM otherwise.");
                playwright = await Playwright.CreateAsync();
                browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = executable,
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-dev-shm-usage"],
                });
            }

            return browser;
        }
        finally
        {
            gate.Release();
        }
    }
}
