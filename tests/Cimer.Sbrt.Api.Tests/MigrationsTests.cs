using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cimer.Sbrt.Api.Tests;

public sealed class MigrationsTests
{
    [Fact]
    public async Task AMigrationNumberedBelowTheNewestApplied_StillAppliesOnTheNextStart()
    {
        var folder = Directory.CreateTempSubdirectory("cimer-sbrt-migrations-").FullName;
        var path = Path.Combine(folder, "cimer-sbrt.db");
        try
        {
            using (var first = SbrtApp.OnFile(path))
            {
                await first.Api().CenterAsync();
            }

            // A database made by a build that had 006 but not yet 004: branches land out of number order.
            using (var database = new SqliteConnection($"Data Source={path}"))
            {
                database.Open();
                database.Execute("DROP TABLE audit; DROP TABLE idempotency; DELETE FROM schema_version WHERE version = 4;");
            }

            using var second = SbrtApp.OnFile(path);
            await second.Api().CenterAsync();

            using var after = second.OpenDatabase();
            Assert.Equal(1, after.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_version WHERE version = 4;"));
            Assert.Equal(1, after.ExecuteScalar<long>("SELECT COUNT(*) FROM audit WHERE action = 'center.created';"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
