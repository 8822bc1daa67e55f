using System.Net;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;

namespace Cimer.Sbrt.Api.Tests;

public class ConcurrencyTests(SbrtApp app) : IClassFixture<SbrtApp>
{
    private const string DoubleBookings = """
        SELECT linac_id, start_utc, COUNT(*) FROM fractions
        WHERE status IN ('planned', 'delivered') AND cancelled = 0
        GROUP BY linac_id, start_utc HAVING COUNT(*) > 1;
        """;

    private readonly Client api = app.Api();

    [ProviderFact]
    public async Task FiftyPatientsRacingForOneSmallLinacNeverShareASlot()
    {
        // Four slots a day over ten open days: room for eight patients of five fractions, not fifty.
        var center = await api.CenterAsync(holidayCalendar: null);
        await api.LinacAsync(center.Id, opensAt: "08:00", closesAt: "10:00", slotMinutes: 30);
        var patients = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => api.PatientAsync(center.Id)));

        var answers = await Task.WhenAll(patients.Select(p => api.PlanAsync(p.Id)));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity }));
        var created = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        Assert.InRange(created, 1, 8);
        using var database = app.OpenDatabase();
        Assert.Empty(await database.QueryAsync(DoubleBookings));
        Assert.Equal(created * 5, await database.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM fractions f JOIN plans p ON p.id = f.plan_id WHERE p.center_id = @Id", new { center.Id }));
    }

    [ProviderFact]
    public async Task TwoPlanRequestsForOnePatientEndAsOne201AndOne409()
    {
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id);

        var answers = await Task.WhenAll(api.PlanAsync(patient.Id), api.PlanAsync(patient.Id));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
    }

    [ProviderFact]
    [SqliteOnly("SQLite's unique slot index, asked directly (PostgresSchemaTests covers PostgreSQL's)")]
    public async Task TheUniqueSlotIndexRefusesASecondBookingEvenBehindTheServicesBack()
    {
        var (_, _, _, plan) = await api.PlannedPatientAsync();
        using var database = app.OpenSqlite();
        const string Copy = """
            INSERT INTO fractions (id, plan_id, lesion_id, number, dose_gy, linac_id, start_utc, end_utc, status, pinned, cancelled)
            SELECT 'copy-' || id, plan_id, lesion_id, number, dose_gy, linac_id, start_utc, end_utc, @status, 0, @cancelled
            FROM fractions WHERE id = @id;
            """;

        var taken = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            database.ExecuteAsync(Copy, new { id = plan.Fractions[0].Id, status = "planned", cancelled = 0 }));

        Assert.Contains("UNIQUE", taken.Message, StringComparison.Ordinal);
        // Missed fractions and those of cancelled plans hold no slot.
        await database.ExecuteAsync(Copy, new { id = plan.Fractions[1].Id, status = "missed", cancelled = 0 });
        await database.ExecuteAsync(Copy.Replace("'copy-'", "'cancelled-'", StringComparison.Ordinal), new { id = plan.Fractions[1].Id, status = "planned", cancelled = 1 });
    }

    [ProviderFact]
    [SqliteOnly("BEGIN IMMEDIATE is SQLite's (DecideThenWriteTests checks PostgreSQL's write lock)")]
    public async Task ANonDeferredTransactionTakesTheWriteLockAtItsBegin()
    {
        // The service's read-decide-write relies on BeginTransaction(deferred: false) being
        // BEGIN IMMEDIATE: a second writer must wait at BEGIN, before it reads anything.
        await api.CenterAsync();
        using var first = app.OpenSqlite();
        using var second = app.OpenSqlite();
        await second.ExecuteAsync("PRAGMA busy_timeout = 0;");
        second.DefaultTimeout = 1; // Microsoft.Data.Sqlite retries BUSY for this many seconds
        using var holding = first.BeginTransaction(deferred: false);

        var busy = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => second.BeginTransaction(deferred: false));

        Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
    }

    [ProviderFact]
    [SqliteOnly("SQLite's journal mode and its migrations' numbering (PostgresSchemaTests checks PostgreSQL's)")]
    public async Task TheDatabaseRunsInWalModeWithItsSchemaVersion()
    {
        await api.CenterAsync();
        using var database = app.OpenSqlite();

        Assert.Equal("wal", await database.ExecuteScalarAsync<string>("PRAGMA journal_mode;"));
        // The highest numbered embedded script, so a branch adding a migration does not edit this test.
        var newest = typeof(Program).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal))
            .Max(n => long.Parse(n["migrations/".Length..n.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(newest >= 6);
        Assert.Equal(newest, await database.ExecuteScalarAsync<long>("SELECT MAX(version) FROM schema_version;"));
    }
}
