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
            // (Nor 008, which chains 004's table.)
            using (var database = new SqliteConnection($"Data Source={path}"))
            {
                database.Open();
                database.Execute("DROP TABLE audit; DROP TABLE idempotency; DELETE FROM schema_version WHERE version IN (4, 8);");
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

    [Fact]
    public async Task AnAuditTrailWrittenBeforeV8_IsChainedOnUpgrade_AndVerifies()
    {
        var folder = Directory.CreateTempSubdirectory("cimer-sbrt-migrations-").FullName;
        var path = Path.Combine(folder, "cimer-sbrt.db");
        try
        {
            using (var first = SbrtApp.OnFile(path))
            {
                var api = first.Api();
                var (_, _, _, plan) = await api.PlannedPatientAsync();
                await Client.OkAsync<Plan>(await api.CancelAsync(plan.Id, plan.Version, "patient withdrew"));
            }

            // Back to schema v7: the audit table as 004 made it, with its rows.
            using (var database = new SqliteConnection($"Data Source={path}"))
            {
                database.Open();
                database.Execute(V7);
            }

            using var second = SbrtApp.OnFile(path);
            var client = second.Api();
            await client.CenterAsync();
            var verdict = await Client.OkAsync<Api.Audit.AuditVerifyResponse>(await client.Http.GetAsync("/api/v1/audit/verify"));

            using var after = second.OpenDatabase();
            Assert.True(verdict.Holds, $"{verdict.Reason} at {verdict.FirstBrokenRow}");
            Assert.Equal(6, verdict.Rows);
            Assert.Equal(
                ["center.created", "linac.created", "patient.created", "plan.created", "plan.cancelled", "center.created"],
                after.Query<string>("SELECT action FROM audit ORDER BY seq;"));
            Assert.Equal(after.Query<long>("SELECT id FROM audit ORDER BY id;"), after.Query<long>("SELECT id FROM audit ORDER BY seq;"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private const string V7 = """
        DROP TRIGGER audit_no_replace;
        DROP TRIGGER audit_chained;
        DROP TRIGGER audit_no_update;
        DROP INDEX ux_audit_seq;
        DROP INDEX ux_audit_prev_hash;
        ALTER TABLE audit DROP COLUMN seq;
        ALTER TABLE audit DROP COLUMN prev_hash;
        ALTER TABLE audit DROP COLUMN hash;
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'audit rows are append-only: they cannot be updated');
        END;
        DELETE FROM schema_version WHERE version = 8;
        """;
}
