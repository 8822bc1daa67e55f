using System.Data.Common;
using Cimer.Sbrt.Api.Data;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cimer.Sbrt.Api.Health;

/// <summary>Healthy once the migrated database answers: the service can serve.</summary>
internal sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var version = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_version;", cancellationToken: cancellationToken));
            return version > 0 ? HealthCheckResult.Healthy($"schema version {version}") : HealthCheckResult.Unhealthy("not migrated");
        }
        catch (DbException exception)
        {
            return HealthCheckResult.Unhealthy("database unavailable", exception);
        }
    }
}

/// <summary>
/// Three probes, all anonymous and never rate-limited: <c>/health</c> runs every check (as it always has),
/// <c>/health/live</c> none (the process answers: a restart would not help otherwise), <c>/health/ready</c>
/// those tagged <see cref="Ready"/> (the database answers: send traffic here).
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>The tag of the checks a load balancer waits for before sending requests.</summary>
    public const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Ready]);
        return services;
    }

    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health").AllowAnonymous().WithTags("Health").WithName("Health").WithSummary("200 once the service can serve");
        var group = routes.MapGroup("/health").AllowAnonymous().WithTags("Health");
        group.MapGet("/live", Live)
            .WithName("HealthLive")
            .WithSummary("200 while the process runs; checks no dependency")
            .WithDescription("Liveness: restart the instance when this fails. Answers `Healthy` as text/plain.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        group.MapGet("/ready", Ready_)
            .WithName("HealthReady")
            .WithSummary("200 when the database answers, 503 otherwise")
            .WithDescription("Readiness: send traffic to this instance only while it answers 200 `Healthy`; 503 `Unhealthy` while the database cannot be read.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");
    }

    private static async Task<ContentHttpResult> Live(HealthCheckService health, CancellationToken ct) =>
        Answer(await health.CheckHealthAsync(_ => false, ct));

    private static async Task<ContentHttpResult> Ready_(HealthCheckService health, CancellationToken ct) =>
        Answer(await health.CheckHealthAsync(check => check.Tags.Contains(Ready), ct));

    private static ContentHttpResult Answer(HealthReport report) =>
        TypedResults.Text(
            report.Status.ToString(),
            "text/plain",
            statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
}
