using System.Net;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// Plan creation decides on a snapshot outside the write gate and holds the gate only to check and
/// write: a decision whose basis changed meanwhile is made again, never written.
/// </summary>
public class DecideThenWriteTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private readonly Client api = app.Api();

    private Database Database => app.Services.GetRequiredService<Database>();

    [ProviderFact]
    public async Task CalendarVersion_IsRaisedByEveryWriteToClosuresLinacsAndDowntimes()
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        var linac = await api.LinacAsync(center.Id);
        var afterLinac = await CalendarVersionAsync(center.Id);

        await api.ClosureAsync(center.Id, "2026-12-24");
        var afterClosure = await CalendarVersionAsync(center.Id);
        await api.DowntimeAsync(linac.Id, "2026-12-08T08:00", "2026-12-08T10:00");
        var afterDowntime = await CalendarVersionAsync(center.Id);
        await api.PatientAsync(center.Id);

        Assert.True(afterLinac > 0);
        Assert.True(afterClosure > afterLinac);
        Assert.True(afterDowntime > afterClosure);
        Assert.Equal(afterDowntime, await CalendarVersionAsync(center.Id));
    }

    [ProviderFact]
    public async Task ABasisChangedBetweenDecisionAndWrite_IsDecidedAgainOnWhatIsThereNow()
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        var decisions = new List<long>();

        var written = await Database.DecideThenWriteAsync(
            async (connection, transaction) =>
            {
                var version = (await CenterStore.GetAsync(connection, center.Id, CancellationToken.None, transaction)).CalendarVersion;
                decisions.Add(version);
                if (decisions.Count == 1)
                {
                    // An admin's closure commits while this decision is being made.
                    await api.ClosureAsync(center.Id, "2026-12-31");
                }

                return version;
            },
            async (connection, transaction, version) =>
                (await CenterStore.GetAsync(connection, center.Id, CancellationToken.None, transaction)).CalendarVersion == version,
            CancellationToken.None);

        Assert.Equal(2, decisions.Count);
        Assert.Equal(decisions[0] + 1, decisions[1]);
        Assert.Equal(decisions[1], written);
    }

    [ProviderFact]
    public async Task ARowTakenByAConcurrentChange_IsDecidedAgain_AndTheFirstDecisionLeavesNothing()
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        var attempts = 0;

        await Database.DecideThenWriteAsync(
            (_, _) => Task.FromResult(++attempts),
            async (connection, transaction, attempt) =>
            {
                await connection.ExecuteAsync(
                    "INSERT INTO closures (id, center_id, date, reason, created_utc) VALUES (@Id, @CenterId, '2027-01-04', 'test', '2026-11-20T12:00:00Z')",
                    new { Id = $"c{attempt}", CenterId = center.Id }, transaction);
                if (attempt == 1)
                {
                    // The same date again: the unique index fires, as a slot taken meanwhile would.
                    await connection.ExecuteAsync(
                        "INSERT INTO closures (id, center_id, date, reason, created_utc) VALUES ('dup', @CenterId, '2027-01-04', 'test', '2026-11-20T12:00:00Z')",
                        new { CenterId = center.Id }, transaction);
                }

                return true;
            },
            CancellationToken.None);

        Assert.Equal(2, attempts);
        using var connection = app.OpenDatabase();
        Assert.Equal(["c2"], await connection.QueryAsync<string>("SELECT id FROM closures WHERE center_id = @Id", new { center.Id }));
    }

    [ProviderFact]
    public async Task ABasisThatKeepsChanging_IsDecidedUnderTheWriteGateAtTheLastAttempt()
    {
        var attempts = 0;
        var gateHeldAtLastDecision = false;

        await Database.DecideThenWriteAsync(
            async (connection, transaction) =>
            {
                if (++attempts == Data.Database.DecisionAttempts)
                {
                    // Under the gate the decision reads inside the write transaction itself: another writer must wait.
                    gateHeldAtLastDecision = app.OnPostgres ? !await AnotherWriterGetsThePostgresLockAsync() : await AnotherWriterIsBusyOnSqliteAsync();
                }

                return attempts;
            },
            (_, _, attempt) => Task.FromResult(attempt == Data.Database.DecisionAttempts),
            CancellationToken.None);

        Assert.Equal(Data.Database.DecisionAttempts, attempts);
        Assert.True(gateHeldAtLastDecision);
    }

    [ProviderFact(Timeout = 120_000)]
    public async Task ThirtyConcurrentPlansAtOneCenterWithRoomForAll_AreAllCreated_NeverDoubleBooked()
    {
        var center = await api.CenterAsync(holidayCalendar: null);
        await api.LinacAsync(center.Id, name: "TrueBeam 1");
        await api.LinacAsync(center.Id, name: "TrueBeam 2");
        var patients = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => api.PatientAsync(center.Id)));

        var answers = await Task.WhenAll(patients.Select(p => api.PlanAsync(p.Id)));

        // Mondays, Wednesdays and Fridays of two linacs hold 200 fractions: room for every one-lesion plan at its best span.
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        foreach (var answer in answers)
        {
            PlanChecks.KeepsTheRules(await Client.CreatedAsync<Plan>(answer), lesions: 1);
        }

        using var connection = app.OpenDatabase();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM (SELECT linac_id, start_utc FROM fractions
            WHERE status IN ('planned', 'delivered') AND cancelled = 0 GROUP BY linac_id, start_utc HAVING COUNT(*) > 1) AS taken;
            """));
    }

    private async Task<bool> AnotherWriterIsBusyOnSqliteAsync()
    {
        await using var other = new SqliteConnection($"Data Source={app.DatabasePath};Default Timeout=1");
        await other.OpenAsync();
        await other.ExecuteAsync("PRAGMA busy_timeout = 50;");
        var busy = await Assert.ThrowsAsync<SqliteException>(() => other.ExecuteAsync("BEGIN IMMEDIATE; ROLLBACK;"));
        return busy.SqliteErrorCode == 5;
    }

    /// <summary>Whether another connection could take the write lock every PostgreSQL write transaction holds (in a transaction of one statement, so given back at once).</summary>
    private async Task<bool> AnotherWriterGetsThePostgresLockAsync()
    {
        using var other = app.OpenDatabase();
        return await other.ExecuteScalarAsync<bool>($"SELECT pg_try_advisory_xact_lock({Data.Database.WriteLockKey});");
    }

    private async Task<long> CalendarVersionAsync(string centerId)
    {
        using var connection = app.OpenDatabase();
        return await connection.ExecuteScalarAsync<long>("SELECT calendar_version FROM centers WHERE id = @centerId", new { centerId });
    }
}
