using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Quartz;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// The PostgreSQL baseline (Data/migrations-postgres) and its runner: the rules the schema states
/// itself, each checked both ways (refused when broken, accepted when kept), so a rule dropped from
/// the script fails here.
/// </summary>
public sealed class PostgresSchemaTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 20, 12, 0);
    private static readonly IClock Clock = new FakeClock(At);

    private static long[] AllVersions => [.. PostgresMigrations.Scripts().Select(s => s.Version)];

    [PostgresFact]
    public async Task Migrations_OnAnEmptyDatabase_ApplyEveryScript_AtTheServiceClocksTime()
    {
        var database = await databases.CreateAsync();

        var applied = await PostgresMigrations.ApplyAsync(database, Clock, CancellationToken.None);

        Assert.Equal(AllVersions, applied);
        Assert.Contains(1L, applied);
        Assert.Contains(2L, applied);
        await using var connection = new NpgsqlConnection(database);
        var rows = (await connection.QueryAsync<(long Version, string Name, string AppliedUtc)>(
            "SELECT version, name, applied_utc FROM schema_version ORDER BY version;")).ToList();
        Assert.Equal(AllVersions, rows.Select(r => r.Version));
        Assert.All(rows, r => Assert.Equal("2026-11-20T12:00:00Z", r.AppliedUtc));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'qrtz_triggers';"));
        Assert.Empty(await PostgresMigrations.ApplyAsync(database, Clock, CancellationToken.None));
    }

    [PostgresFact]
    public async Task TwoRunnersStartingTogether_ApplyEachScriptOnce()
    {
        var database = await databases.CreateAsync();

        var runs = await Task.WhenAll(
            Task.Run(() => PostgresMigrations.ApplyAsync(database, Clock, CancellationToken.None)),
            Task.Run(() => PostgresMigrations.ApplyAsync(database, Clock, CancellationToken.None)));

        Assert.Equal(AllVersions, runs.SelectMany(r => r).Order());
        Assert.Contains(runs, r => r.Count == 0);
        await using var connection = new NpgsqlConnection(database);
        Assert.Equal(AllVersions.Length, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_version;"));
    }

    [PostgresFact]
    public async Task TwoLiveFractionsOverlappingOnOneLinac_AreRefused_ButNotWhenOneIsCancelledOrMissed()
    {
        await using var db = await MigratedAsync();
        var (linac, lesionA, planA) = await PlannedAsync(db, "a");
        var (_, lesionB, planB) = await PlannedAsync(db, "b", linac);
        await FractionAsync(db, "f-a", planA, lesionA, linac, "2026-12-07T13:00:00Z", "2026-12-07T13:30:00Z");

        // Starts 15 minutes into the first: not the same start, so only the exclusion constraint sees it.
        var overlap = await Assert.ThrowsAsync<PostgresException>(() =>
            FractionAsync(db, "f-b", planB, lesionB, linac, "2026-12-07T13:15:00Z", "2026-12-07T13:45:00Z"));
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, overlap.SqlState);
        Assert.Equal("ex_fractions_booked_overlap", overlap.ConstraintName);

        await FractionAsync(db, "f-b-cancelled", planB, lesionB, linac, "2026-12-07T13:15:00Z", "2026-12-07T13:45:00Z", cancelled: 1);
        await FractionAsync(db, "f-b-missed", planB, lesionB, linac, "2026-12-07T13:15:00Z", "2026-12-07T13:45:00Z", status: "missed");
        // Back to back is no overlap: the ranges are half-open.
        await FractionAsync(db, "f-b-next", planB, lesionB, linac, "2026-12-07T13:30:00Z", "2026-12-07T14:00:00Z");
        Assert.Equal(2, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM booked_fractions WHERE linac_id = @linac;", new { linac }));
    }

    [PostgresFact]
    public async Task ASecondLivePlanForOnePatient_IsRefused_ButNotOnceTheFirstIsCancelled()
    {
        await using var db = await MigratedAsync();
        var (_, _, first) = await PlannedAsync(db, "p");
        var patient = await db.ExecuteScalarAsync<string>("SELECT patient_id FROM plans WHERE id = @first;", new { first });

        var second = await Assert.ThrowsAsync<PostgresException>(() => PlanAsync(db, $"{first}-2", patient!));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, second.SqlState);
        Assert.Equal("ux_plans_live_per_patient", second.ConstraintName);

        await db.ExecuteAsync("UPDATE plans SET status = 'cancelled' WHERE id = @first;", new { first });
        await PlanAsync(db, $"{first}-3", patient!);
    }

    [PostgresFact]
    public async Task AuditRows_CannotBeUpdatedDeletedOrTruncated()
    {
        await using var db = await MigratedAsync();
        var id = await db.ExecuteScalarAsync<long>("""
            INSERT INTO audit (at_utc, actor, actor_roles, action, entity, entity_id, new_json, seq, prev_hash, hash)
            VALUES ('2026-11-20T12:00:00.000Z', 'alice', '["admin"]', 'center.created', 'center', 'c1', '{}', 1, repeat('0', 64), repeat('a', 64))
            RETURNING id;
            """);

        var update = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("UPDATE audit SET reason = 'edited' WHERE id = @id;", new { id }));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("DELETE FROM audit WHERE id = @id;", new { id }));
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("TRUNCATE audit;"));

        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", truncate.MessageText, StringComparison.Ordinal);
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM audit WHERE id = @id AND reason IS NULL;", new { id }));
    }

    [PostgresFact]
    public async Task WritesToClosuresLinacsAndDowntimes_RaiseTheCentersCalendarVersion()
    {
        await using var db = await MigratedAsync();
        var (linac, _, _) = await PlannedAsync(db, "v");
        var center = await db.ExecuteScalarAsync<string>("SELECT center_id FROM linacs WHERE id = @linac;", new { linac });
        var before = await VersionAsync(db, center!);

        await db.ExecuteAsync("INSERT INTO closures (id, center_id, date, reason, created_utc) VALUES (@id, @center, '2026-12-24', 'eve', '2026-11-20T12:00:00Z');", new { id = $"{center}-cl", center });
        await db.ExecuteAsync("INSERT INTO downtimes (id, linac_id, start_local, end_local, reason, created_utc) VALUES (@id, @linac, '2026-12-08T08:00', '2026-12-08T10:00', 'repair', '2026-11-20T12:00:00Z');", new { id = $"{linac}-dt", linac });
        await db.ExecuteAsync("UPDATE linacs SET name = 'renamed' WHERE id = @linac;", new { linac });
        await db.ExecuteAsync("DELETE FROM closures WHERE id = @id;", new { id = $"{center}-cl" });

        Assert.Equal(before + 4, await VersionAsync(db, center!));
    }

    // Why these: local time without 'Z', an offset, and the empty default SQLite once had are each not a UTC instant.
    [PostgresFact]
    public async Task AnInstantColumn_RefusesTextThatIsNotAUtcInstant()
    {
        await using var db = await MigratedAsync();
        foreach (var bad in new[] { "2026-11-20T12:00:00", "2026-11-20T13:00:00+01:00", "" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(
                "INSERT INTO centers (id, name, time_zone, open_days, created_utc) VALUES (@id, 'X', 'UTC', 'monday', @bad);", new { id = Guid.NewGuid().ToString("N"), bad }));
            Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        }

        await db.ExecuteAsync("INSERT INTO centers (id, name, time_zone, open_days, created_utc) VALUES (@id, 'X', 'UTC', 'monday', '2026-11-20T12:00:00.123Z');", new { id = Guid.NewGuid().ToString("N") });
    }

    [PostgresFact]
    public async Task QuartzsClusteredAdoStore_RunsAJobOnTheMigratedTables()
    {
        var database = await databases.CreateAsync();
        await PostgresMigrations.ApplyAsync(database, Clock, CancellationToken.None);
        var services = new ServiceCollection().AddLogging();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "cimer-sbrt";
                scheduler.InstanceId = "sbrt-test";
            });
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(database);
                store.UseClustering(_ => { });
                store.UseSystemTextJsonSerializer(_ => { });
            });
        });
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        SignalJob.Ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await scheduler.Start();
        try
        {
            await scheduler.ScheduleJob(
                JobBuilder.Create<SignalJob>().WithIdentity("probe").Build(),
                TriggerBuilder.Create().WithIdentity("probe").StartNow().Build());
            await SignalJob.Ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }

        await using var connection = new NpgsqlConnection(database);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = 'sbrt-test';"));
    }

    private sealed class SignalJob : IJob
    {
        public static TaskCompletionSource Ran { get; set; } = new();

        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            Ran.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    private string? migrated;

    private async Task<NpgsqlConnection> MigratedAsync()
    {
        if (migrated is null)
        {
            var database = await databases.CreateAsync();
            await PostgresMigrations.ApplyAsync(database, Clock, CancellationToken.None);
            migrated = database;
        }

        var connection = new NpgsqlConnection(migrated);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A center, a linac (unless given), a patient with one lesion, and a live plan; ids start with <paramref name="tag"/> and a fresh suffix.</summary>
    private static async Task<(string Linac, string Lesion, string Plan)> PlannedAsync(NpgsqlConnection db, string tag, string? linac = null)
    {
        var id = $"{tag}-{Guid.NewGuid():N}";
        var center = linac is null ? $"{id}-c" : await db.ExecuteScalarAsync<string>("SELECT center_id FROM linacs WHERE id = @linac;", new { linac });
        if (linac is null)
        {
            await db.ExecuteAsync("INSERT INTO centers (id, name, time_zone, open_days, created_utc) VALUES (@center, 'C', 'America/New_York', 'monday', '2026-11-20T12:00:00Z');", new { center });
            linac = $"{id}-l";
            await db.ExecuteAsync("INSERT INTO linacs (id, center_id, name, opens_at, closes_at, slot_minutes, created_utc) VALUES (@linac, @center, 'TrueBeam', '08:00', '18:00', 30, '2026-11-20T12:00:00Z');", new { linac, center });
        }

        await db.ExecuteAsync("INSERT INTO patients (id, study_id, center_id, arm, day_one, created_utc) VALUES (@patient, @patient, @center, 2, '2026-12-07', '2026-11-20T12:00:00Z');", new { patient = $"{id}-p", center });
        await db.ExecuteAsync("INSERT INTO lesions (id, patient_id, ordinal, label, greatest_diameter_cm) VALUES (@lesion, @patient, 1, 'L1', 2.0);", new { lesion = $"{id}-les", patient = $"{id}-p" });
        await PlanAsync(db, $"{id}-plan", $"{id}-p");
        return (linac, $"{id}-les", $"{id}-plan");
    }

    private static Task<int> PlanAsync(NpgsqlConnection db, string id, string patient) => db.ExecuteAsync("""
        INSERT INTO plans (id, patient_id, center_id, version, status, day_one, max_fractions_per_day, window_start, window_end,
                           days_before, days_after, window_closures, milestones, explanation, created_utc, updated_utc)
        SELECT @id, p.id, p.center_id, 1, 'active', p.day_one, 3, '2026-12-07', '2026-12-21', 0, 14, '[]', '[]', '[]',
               '2026-11-20T12:00:00Z', '2026-11-20T12:00:00Z'
        FROM patients p WHERE p.id = @patient;
        """, new { id, patient });

    private static Task<int> FractionAsync(
        NpgsqlConnection db, string id, string plan, string lesion, string linac, string start, string end, long cancelled = 0, string status = "planned") =>
        db.ExecuteAsync("""
            INSERT INTO fractions (id, plan_id, lesion_id, number, dose_gy, linac_id, start_utc, end_utc, status, cancelled, changed_utc)
            VALUES (@id, @plan, @lesion, 1, 8.0, @linac, @start, @end, @status, @cancelled, '2026-11-20T12:00:00Z');
            """, new { id = $"{plan}-{id}", plan, lesion, linac, start, end, status, cancelled });

    private static Task<long> VersionAsync(NpgsqlConnection db, string center) =>
        db.ExecuteScalarAsync<long>("SELECT calendar_version FROM centers WHERE id = @center;", new { center });
}
