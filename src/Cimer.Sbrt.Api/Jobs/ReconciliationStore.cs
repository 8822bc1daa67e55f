using System.Data;
using Dapper;

namespace Cimer.Sbrt.Api.Jobs;

/// <summary>A row of the centers the nightly job serves.</summary>
internal sealed class ReconciledCenterRow
{
    public string Id { get; init; } = "";
    public string TimeZone { get; init; } = "";
    public string CreatedUtc { get; init; } = "";
}

internal static class ReconciliationStore
{
    private const string SelectCenters = "SELECT id, time_zone, created_utc FROM centers ORDER BY created_utc, id;";

    private const string SelectRunExists = """
        SELECT EXISTS (SELECT 1 FROM reconciliation_runs WHERE center_id = @centerId AND date = @date);
        """;

    private const string SelectLastRunDate = "SELECT MAX(date) FROM reconciliation_runs WHERE center_id = @centerId;";

    private const string InsertRun = """
        INSERT INTO reconciliation_runs (center_id, date, ran_utc, flagged, missed)
        VALUES (@CenterId, @Date, @RanUtc, @Flagged, @Missed);
        """;

    // Live, unfinished plans holding a fraction that has started and has no delivery record.
    private const string SelectPlansWithUnrecorded = """
        SELECT p.id FROM plans p
        WHERE p.center_id = @centerId AND p.status NOT IN ('cancelled', 'completed')
          AND EXISTS (
              SELECT 1 FROM fractions f
              WHERE f.plan_id = p.id AND f.status = 'planned' AND f.cancelled = 0 AND f.start_utc < @nowUtc)
        ORDER BY p.day_one, p.created_utc, p.id;
        """;

    public static async Task<IReadOnlyList<ReconciledCenterRow>> CentersAsync(IDbConnection connection, CancellationToken ct) =>
        [.. await connection.QueryAsync<ReconciledCenterRow>(new CommandDefinition(SelectCenters, cancellationToken: ct))];

    public static Task<bool> RunExistsAsync(IDbConnection connection, IDbTransaction transaction, string centerId, string date, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(SelectRunExists, new { centerId, date }, transaction, cancellationToken: ct));

    public static Task<string?> LastRunDateAsync(IDbConnection connection, string centerId, CancellationToken ct) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(SelectLastRunDate, new { centerId }, cancellationToken: ct));

    public static Task AddRunAsync(IDbConnection connection, IDbTransaction transaction, ReconciliationRun run, string ranUtc, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertRun, new
        {
            run.CenterId,
            run.Date,
            RanUtc = ranUtc,
            run.Flagged,
            run.Missed,
        }, transaction, cancellationToken: ct));

    public static async Task<IReadOnlyList<string>> PlansWithUnrecordedAsync(IDbConnection connection, IDbTransaction transaction, string centerId, string nowUtc, CancellationToken ct) =>
        [.. await connection.QueryAsync<string>(new CommandDefinition(SelectPlansWithUnrecorded, new { centerId, nowUtc }, transaction, cancellationToken: ct))];
}

/// <summary>What one reconciliation of a center for one local date did.</summary>
/// <param name="CenterId">The center.</param>
/// <param name="Date">The center-local date the run stands for, "2026-12-09".</param>
/// <param name="Flagged">Fractions newly flagged unconfirmed.</param>
/// <param name="Missed">Fractions recorded as missed (only with Jobs:AutoMissUnconfirmedAfterHours).</param>
internal sealed record ReconciliationRun(string CenterId, string Date, int Flagged, int Missed);
