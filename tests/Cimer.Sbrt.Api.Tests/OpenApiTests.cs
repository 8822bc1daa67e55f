using System.Text.Json;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// The committed <c>openapi/openapi.json</c> is what the app serves. After a deliberate API change,
/// regenerate it with <c>UPDATE_OPENAPI=1 dotnet test Cimer.Sbrt.sln --filter OpenApi</c>.
/// </summary>
public sealed class OpenApiTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private static readonly string CommittedPath = Repository.OpenApiPath;

    [Fact]
    public async Task TheCommittedOpenApiDocumentIsWhatTheAppServes()
    {
        var served = Normalize(await app.Api().Http.GetStringAsync("/swagger/v1/swagger.json"));
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CommittedPath)!);
            await File.WriteAllTextAsync(CommittedPath, served);
        }

        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing: run UPDATE_OPENAPI=1 dotnet test Cimer.Sbrt.sln --filter OpenApi");
        Assert.True(
            Normalize(await File.ReadAllTextAsync(CommittedPath)) == served,
            "openapi/openapi.json differs from what the app serves: run UPDATE_OPENAPI=1 dotnet test Cimer.Sbrt.sln --filter OpenApi and commit it.");
    }

    [Fact]
    public async Task EveryOperationIsNamedExplainedAndDocumentsItsErrors()
    {
        using var document = JsonDocument.Parse(await app.Api().Http.GetStringAsync("/swagger/v1/swagger.json"));

        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                Assert.True(operation.Value.TryGetProperty("operationId", out _), $"{where} has no operationId");
                Assert.True(operation.Value.TryGetProperty("summary", out _), $"{where} has no summary");
                if (path.Name.StartsWith("/api/", StringComparison.Ordinal))
                {
                    Assert.True(operation.Value.TryGetProperty("description", out _), $"{where} has no description");
                    var errors = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')).ToList();
                    Assert.True(errors.Count > 0, $"{where} documents no 4xx response");
                    Assert.All(errors, r => Assert.True(r.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{where} {r.Name} is not problem+json"));
                }
            }
        }
    }

    [Fact]
    public async Task EveryRequestBodyHasAnExampleThatCanBeSentAsItIs()
    {
        using var document = JsonDocument.Parse(await app.Api().Http.GetStringAsync("/swagger/v1/swagger.json"));

        var bodies = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject())
            .Where(o => o.Value.TryGetProperty("requestBody", out _))
            .ToList();

        Assert.NotEmpty(bodies);
        Assert.All(bodies, o => Assert.True(
            o.Value.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _),
            $"{o.Value.GetProperty("operationId")} has no example"));
    }

    private static string Normalize(string json) => json.ReplaceLineEndings("\n").TrimEnd() + "\n";
}
