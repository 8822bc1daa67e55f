using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public class RestartTests
{
    [ProviderFact]
    public async Task APlanSurvivesARestartOnTheSameDatabaseFile()
    {
        using var database = KeptDatabase.For(this, "cimer-sbrt-restart-");
        Plan before;
        using (var first = database.App())
        {
            before = (await first.Api().PlannedPatientAsync()).Plan;
        }

        using var second = database.App();
        var after = await second.Api().GetPlanAsync(before.Id);

        Client.SameJson(before, after);
    }

    [ProviderFact]
    [SqliteOnly("undoes SQLite's migration 003 in the file")]
    public async Task AMigrationNumberedBelowTheNewestApplied_IsStillAppliedAtTheNextStart()
    {
        var folder = Directory.CreateTempSubdirectory("cimer-sbrt-migrate-").FullName;
        var path = Path.Combine(folder, "cimer-sbrt.db");
        try
        {
            using (var first = SbrtApp.OnFile(path))
            {
                await first.Api().PlannedPatientAsync();
            }

            // A database main made before 003 landed: at 006, without 003's columns and table.
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
            {
                connection.Open();
                using var undo = connection.CreateCommand();
                undo.CommandText = """
                    DROP TABLE dropped_fractions;
                    ALTER TABLE fractions DROP COLUMN sequence;
                    ALTER TABLE fractions DROP COLUMN changed_utc;
                    DELETE FROM schema_version WHERE version = 3;
                    """;
                undo.ExecuteNonQuery();
            }

            using var second = SbrtApp.OnFile(path);
            var (_, linac, _, _) = await second.Api().PlannedPatientAsync();

            using var database = second.OpenDatabase();
            using var versions = database.CreateCommand();
            versions.CommandText = "SELECT COUNT(*) FROM schema_version WHERE version = 3;";
            Assert.Equal(1L, (long)versions.ExecuteScalar()!);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await second.Api().Http.GetAsync($"/api/v1/linacs/{linac.Id}/calendar.ics")).StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
