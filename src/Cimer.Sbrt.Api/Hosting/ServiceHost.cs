namespace Cimer.Sbrt.Api.Hosting;

/// <summary>
/// How the service's host is built, for the service itself and for its commands (<c>token</c>):
/// the content root (where <c>appsettings.json</c> and <c>wwwroot</c> are read from) is the
/// application's own folder, so <c>dotnet /path/to/Cimer.Sbrt.Api.dll</c> started from any working
/// directory reads its settings. <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> still choose
/// another. The SQLite file stays relative to the working directory (<c>ConnectionStrings:Sbrt</c>).
/// </summary>
internal static class ServiceHost
{
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = IsContentRootGiven(args) ? null : AppContext.BaseDirectory,
    };

    private static bool IsContentRootGiven(string[] args) =>
        args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
}
