using Cimer.Sbrt.Api.Data;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cimer.Sbrt.Api.Health;

/// <summary>Healthy once the migrated database answers: the service can serve.</summary>
internal sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = database.Open();
            var version = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_version;", cancellationToken: cancellationToken));
            return version > 0 ? HealthCheckResult.Healthy($"schema version {version}") : HealthCheckResult.Unhealthy("not migrated");
        }
        catch (Microsoft.Data.Sqlite.SqliteException exception)
        {
            return HealthCheckResult.Unhealthy("database unavailable", exception);
        }
    }
}

internal static class HealthEndpoints
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static void MapHealth(this IEndpointRouteBuilder routes) =>
        routes.MapHealthChecks("/health").AllowAnonymous().WithTags("Health").WithName("Health").WithSummary("200 once the service can serve");
}
