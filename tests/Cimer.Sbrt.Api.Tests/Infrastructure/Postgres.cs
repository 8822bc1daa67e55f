using Npgsql;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the PostgreSQL tests use: <c>SBRT_TEST_POSTGRES</c>, a connection string to a
/// server where its login may CREATE DATABASE (<c>.ci/run</c> starts a throwaway one and sets it).
/// Unset, those tests are skipped with a message that says so, so a newcomer's <c>dotnet test</c>
/// still passes; under CI (<c>CI=true</c>) they fail instead of skipping silently, as the browser tests do.
/// </summary>
public static class Postgres
{
    public const string Variable = "SBRT_TEST_POSTGRES";

    /// <summary>The base connection string, or null when none is set.</summary>
    public static string? BaseConnectionString { get; } =
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why the PostgreSQL tests are skipped here, or null when they run.</summary>
    public static string? SkipReason =>
        BaseConnectionString is null && !IsCi
            ? $"No PostgreSQL: set {Variable} to a connection string whose login may CREATE DATABASE "
              + "(e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=...), or run .ci/run, which starts a throwaway server and sets it."
            : null;

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The base connection string; under CI without one, the failure that says why.</summary>
    public static string Required() =>
        BaseConnectionString ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: .ci/run starts PostgreSQL and sets it.");
}

/// <summary>A test that needs PostgreSQL: skipped, with how to enable it, where <see cref="Postgres"/> has none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Postgres.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// Throwaway databases for one test class (xUnit class fixture), named <c>sbrt_test_*</c> and dropped
/// with the fixture: <see cref="CreateAsync"/> makes an empty one each time it is called.
/// </summary>
public sealed class PostgresDatabases : IAsyncLifetime
{
    private readonly List<string> created = [];

    /// <summary>A new empty database; its connection string.</summary>
    public async Task<string> CreateAsync()
    {
        var server = Postgres.Required();
        var name = $"sbrt_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\";", connection);
            await command.ExecuteNonQueryAsync();
        }

        lock (created)
        {
            created.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (created.Count == 0 || Postgres.BaseConnectionString is not { } server)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        foreach (var name in created)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE);", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
