namespace Cimer.Sbrt.Api.Health;

/// <summary>
/// <c>dotnet Cimer.Sbrt.Api.dll --health-check [url]</c>: GETs /health and exits 0 (healthy) or 1.
/// The container's HEALTHCHECK uses it because the runtime image has no curl.
/// </summary>
internal static class HealthProbe
{
    public const string Argument = "--health-check";

    public static bool IsRequested(string[] args) => args.Contains(Argument);

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.SkipWhile(a => a != Argument).Skip(1).FirstOrDefault() ?? DefaultUrl();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"health check failed: {exception.Message}");
            return 1;
        }
    }

    private static string DefaultUrl()
    {
        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080";
        var port = ports.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "8080";
        return $"http://127.0.0.1:{port}/health";
    }
}
