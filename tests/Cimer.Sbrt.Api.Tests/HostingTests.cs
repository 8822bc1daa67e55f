using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>The built service as an operator runs it: from any folder, and with no Development tooling to mint tokens.</summary>
public sealed class HostingTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("cimer-sbrt-hosting-");

    [Fact]
    public async Task StartedFromAnotherFolder_ReadsItsOwnAppsettings_SoRequestsAreNotLoggedOneByOne()
    {
        // appsettings.json keeps Microsoft.AspNetCore at Warning; without it every request logs
        // "Request starting" and "Request finished" at the Information default.
        await using var service = await ServiceProcess.StartAsync(
            Path.Combine(folder.FullName, "cimer-sbrt.db"), workingDirectory: folder.FullName, ownLogging: true);
        using var http = new HttpClient { BaseAddress = service.Address };

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        }

        Assert.DoesNotContain("Request starting", service.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Request finished", service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCommand_SignsWithTheConfiguredKey_ATokenTheServiceAcceptsForItsRolesOnly()
    {
        await using var service = await ServiceProcess.StartAsync(Path.Combine(folder.FullName, "cimer-sbrt.db"), workingDirectory: folder.FullName);

        var (exitCode, output, error) = await ServiceProcess.RunAsync(["token", "--role", "viewer", "--name", "night-desk", "--expires", "30m"], workingDirectory: folder.FullName);

        Assert.True(exitCode == 0, error);
        var token = output.Trim();
        Assert.Contains("night-desk as viewer", error, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = service.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/api/v1/centers/nope", UriKind.Relative))).StatusCode);
        var create = await http.PostAsJsonAsync(new Uri("/api/v1/centers", UriKind.Relative), new { name = "A", timeZone = "America/New_York" });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);

        var jwt = new JsonWebToken(token);
        Assert.Equal("night-desk", jwt.Subject);
        Assert.Equal(TimeSpan.FromMinutes(30), jwt.ValidTo - jwt.IssuedAt);
    }

    [Theory]
    // No role, a role the service does not know, a lifetime over the 31-day ceiling, and a flag with no value.
    [InlineData("name at least one --role", "token")]
    [InlineData("unknown role 'wizard'", "token", "--role", "wizard")]
    [InlineData("--expires '90d'", "token", "--role", "admin", "--expires", "90d")]
    [InlineData("--name needs a value", "token", "--role", "admin", "--name")]
    public async Task TokenCommand_RefusesWhatItCannotSign_WithExitCode2AndTheReason(string reason, params string[] arguments)
    {
        var (exitCode, output, error) = await ServiceProcess.RunAsync(arguments, workingDirectory: folder.FullName);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output.Trim());
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("usage: token", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCommand_WithoutASigningKey_SaysWhatToConfigure()
    {
        var (exitCode, output, error) = await ServiceProcess.RunAsync(
            ["token", "--role", "admin"],
            new Dictionary<string, string> { ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = "" },
            folder.FullName);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output.Trim());
        Assert.Contains("SigningKeys", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
