using System.Data;
using Dapper;

namespace Cimer.Sbrt.Api.Worklist;

internal static class WorklistStore
{
    private const string FractionColumns = """
        SELECT f.id AS fraction_id, f.plan_id, pt.study_id, f.lesion_id, l.label AS lesion_label, f.number,
               f.linac_id, li.name AS linac_name, f.start_utc, f.end_utc, f.status, f.pinned, f.unconfirmed_utc
        FROM fractions f
        JOIN plans p ON p.id = f.plan_id
        JOIN patients pt ON pt.id = p.patient_id
        JOIN lesions l ON l.id = f.lesion_id
        JOIN linacs li ON li.id = f.linac_id
        WHERE p.center_id = @centerId AND p.status <> 'cancelled' AND f.cancelled = 0
        """;

    private const string SelectDay = FractionColumns + """

          AND f.start_utc >= @fromUtc AND f.start_utc < @toUtc
        ORDER BY f.start_utc, li.name, f.id;
        """;

    private const string SelectUnconfirmed = FractionColumns + """

          AND f.status = 'planned' AND f.start_utc < @beforeUtc
        ORDER BY f.start_utc, li.name, f.id;
        """;

    private const string PlanColumns = """
        SELECT p.id AS plan_id, p.patient_id, pt.study_id, p.status, p.attention_reason, p.protocol_deviation
        FROM plans p JOIN patients pt ON pt.id = p.patient_id
        WHERE p.center_id = @centerId
        """;

    private const string SelectNeedsAttention = PlanColumns + """

          AND p.status = 'needsAttention'
        ORDER BY p.day_one, p.created_utc, p.id;
        """;

    private const string SelectDeviations = PlanColumns + """

          AND p.protocol_deviation IS NOT NULL AND p.status NOT IN ('cancelled', 'completed')
        ORDER BY p.day_one, p.created_utc, p.id;
        """;

    public static async Task<IReadOnlyList<WorklistFractionRow>> DayAsync(IDbConnection connection, IDbTransaction transaction, string centerId, string fromUtc, string toUtc, CancellationToken ct) =>
        [.. await connection.QueryAsync<WorklistFractionRow>(new CommandDefinition(SelectDay, new { centerId, fromUtc, toUtc }, transaction, cancellationToken: ct))];

    public static async Task<IReadOnlyList<WorklistFractionRow>> UnconfirmedAsync(IDbConnection connection, IDbTransaction transaction, string centerId, string beforeUtc, CancellationToken ct) =>
        [.. await connection.QueryAsync<WorklistFractionRow>(new CommandDefinition(SelectUnconfirmed, new { centerId, beforeUtc }, transaction, cancellationToken: ct))];

    public static async Task<IReadOnlyList<WorklistPlanRow>> NeedsAttentionAsync(IDbConnection connection, IDbTransaction transaction, string centerId, CancellationToken ct) =>
        [.. await connection.QueryAsync<WorklistPlanRow>(new CommandDefinition(SelectNeedsAttention, new { centerId }, transaction, cancellationToken: ct))];

    public static async Task<IReadOnlyList<WorklistPlanRow>> DeviationsAsync(IDbConnection connection, IDbTransaction transaction, string centerId, CancellationToken ct) =>
        [.. await connection.QueryAsync<WorklistPlanRow>(new CommandDefinition(SelectDeviations, new { centerId }, transaction, cancellationToken: ct))];
}
