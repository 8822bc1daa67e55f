using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class HealthTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    [ProviderFact]
    public async Task HealthAnswers200OnceTheServiceCanServe()
    {
        var response = await app.Api().Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [ProviderFact]
    public async Task LiveAndReady_Answer200WithoutAToken_WhenTheDatabaseAnswers()
    {
        var anonymous = app.Api(token: null).Http;

        var live = await anonymous.GetAsync("/health/live");
        var ready = await anonymous.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [ProviderFact]
    public async Task WithTheDatabaseGone_LiveIs200_ReadyAndHealthAre503()
    {
        using var gone = app.Another(new Dictionary<string, string>());
        var anonymous = gone.Api(token: null).Http;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);

        var bringBack = gone.OnPostgres ? ClosePostgresDatabase(gone) : MoveSqliteFolderAway(gone);
        try
        {
            var live = await anonymous.GetAsync("/health/live");
            var ready = await anonymous.GetAsync("/health/ready");
            var health = await anonymous.GetAsync("/health");

            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }
        finally
        {
            bringBack();
        }
    }

    [ProviderFact]
    public async Task SwaggerUiIsServed()
    {
        var response = await app.Api().Http.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The file's folder moved away: a new connection cannot open it (nor create it), as with a lost volume.</summary>
    private static Action MoveSqliteFolderAway(SbrtApp app)
    {
        var folder = Path.GetDirectoryName(app.DatabasePath)!;
        var away = folder + "-away";
        Directory.Move(folder, away);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return () => Directory.Move(away, folder);
    }

    /// <summary>The database closed to connections and the service's own ended, as with a lost server: a new connection cannot open it.</summary>
    private static Action ClosePostgresDatabase(SbrtApp app)
    {
        var name = new Npgsql.NpgsqlConnectionStringBuilder(app.PostgresConnectionString).Database!;
        Server($"""
            ALTER DATABASE "{name}" ALLOW_CONNECTIONS false;
            SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = '{name}';
            """);
        return () => Server($"""ALTER DATABASE "{name}" ALLOW_CONNECTIONS true;""");

        static void Server(string sql)
        {
            using var server = new Npgsql.NpgsqlConnection(Postgres.Required());
            server.Open();
            using var command = new Npgsql.NpgsqlCommand(sql, server);
            command.ExecuteNonQuery();
        }
    }
}
