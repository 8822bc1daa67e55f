using Cimer.Sbrt.Api.Tests.Infrastructure;

namespace Cimer.Sbrt.Api.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task APlanSurvivesARestartOnTheSameDatabaseFile()
    {
        var folder = Directory.CreateTempSubdirectory("cimer-sbrt-restart-").FullName;
        var path = Path.Combine(folder, "cimer-sbrt.db");
        try
        {
            Plan before;
            using (var first = SbrtApp.OnFile(path))
            {
                before = (await first.Api().PlannedPatientAsync()).Plan;
            }

            using var second = SbrtApp.OnFile(path);
            var after = await second.Api().GetPlanAsync(before.Id);

            Client.SameJson(before, after);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
