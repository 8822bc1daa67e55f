using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// The built service as a child process, <c>dotnet Cimer.Sbrt.Api.dll --urls http://127.0.0.1:PORT</c>,
/// on a database file of the test's choosing. The dll is the one next to the test binaries: the
/// test project's ProjectReference to the service copies it there with its runtimeconfig.json
/// and deps.json, so it runs exactly as built, with the same dependencies. It trusts the tokens
/// <see cref="Tokens"/> mints, configured through environment variables as a deployment would.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Queue<string> lastLines = new();
    private readonly List<string> allLines = [];

    private ServiceProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "Cimer.Sbrt.Api.dll");

    public Uri Address { get; }

    /// <summary>Its last lines of output, to explain a failure.</summary>
    public string Output
    {
        get
        {
            lock (lastLines)
            {
                return string.Join(Environment.NewLine, lastLines);
            }
        }
    }

    /// <summary>Every line of its output so far that contains <paramref name="text"/>.</summary>
    public IReadOnlyList<string> LinesContaining(string text)
    {
        lock (lastLines)
        {
            return [.. allLines.Where(line => line.Contains(text, StringComparison.Ordinal))];
        }
    }

    /// <summary>
    /// Starts the service on <paramref name="databasePath"/> and waits until <c>/health</c> answers 200; from
    /// <paramref name="workingDirectory"/> (default: the folder of the dll), with its log level at Warning
    /// unless <paramref name="ownLogging"/> leaves it to the service's own settings.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string databasePath, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null,
        string? workingDirectory = null, bool ownLogging = false)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = Command(databasePath, ["--urls", address.ToString().TrimEnd('/')], environment, workingDirectory, ownLogging);
        var service = new ServiceProcess(new Process { StartInfo = start }, address);
        service.process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        service.process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        service.process.Start();
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        await service.WaitUntilHealthyAsync(timeout ?? TimeSpan.FromSeconds(60));
        return service;
    }

    /// <summary>
    /// Runs the service binary once with <paramref name="arguments"/> (a command such as <c>token</c>),
    /// configured as <see cref="StartAsync"/> configures the service, and returns its exit code and output.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = Command(Path.Combine(Path.GetTempPath(), "cimer-sbrt-command-unused.db"), arguments, environment, workingDirectory, ownLogging: false);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// <c>dotnet Cimer.Sbrt.Api.dll ARGUMENTS</c> in Production on <paramref name="databasePath"/>, trusting the
    /// tokens <see cref="Tokens"/> mints; from <paramref name="workingDirectory"/> (default: the folder of the
    /// dll), with its log level at Warning unless <paramref name="ownLogging"/> leaves it to its own settings.
    /// </summary>
    private static ProcessStartInfo Command(
        string databasePath, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string? workingDirectory, bool ownLogging)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Sbrt"] = $"Data Source={databasePath}";
        start.Environment["Jobs__Enabled"] = "false";
        if (!ownLogging)
        {
            start.Environment["Logging__LogLevel__Default"] = "Warning";
        }

        start.Environment["Authentication__Schemes__Bearer__ValidIssuer"] = Tokens.Issuer;
        start.Environment["Authentication__Schemes__Bearer__ValidAudiences__0"] = Tokens.Audience;
        start.Environment["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = Tokens.Issuer;
        start.Environment["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = Convert.ToBase64String(Tokens.Key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>kill -9 of the service and anything it started; returns once it is gone.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {process.ExitCode} before it was healthy:{Environment.NewLine}{Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The service was not healthy within {timeout}:{Environment.NewLine}{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lastLines)
        {
            allLines.Add(line);
            lastLines.Enqueue(line);
            if (lastLines.Count > 50)
            {
                lastLines.Dequeue();
            }
        }
    }
}
