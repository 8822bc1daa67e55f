using System.Data;
using Cimer.Sbrt.Api.Data;
using Dapper;

namespace Cimer.Sbrt.Api.Plans;

internal static partial class PlanStore
{
    // Keyset order (day 1, id): stable, and what a scheduler scans by. Every filter is optional.
    private const string SelectPlanPage = """
        SELECT p.id, p.patient_id, p.center_id, p.version, p.status, p.day_one, p.max_fractions_per_day,
               p.window_start, p.window_end, p.days_before, p.days_after, p.window_closures,
               p.milestones, p.explanation, p.protocol_deviation, p.attention_reason, c.time_zone
        FROM plans p JOIN centers c ON c.id = p.center_id
        WHERE (@centerId IS NULL OR p.center_id = @centerId)
          AND (@status IS NULL OR p.status = @status)
          AND (@from IS NULL OR p.day_one >= @from)
          AND (@to IS NULL OR p.day_one <= @to)
          AND (@afterDayOne IS NULL OR (p.day_one, p.id) > (@afterDayOne, @afterId))
        ORDER BY p.day_one, p.id LIMIT @take;
        """;

    private const string SelectFractionsOf = """
        SELECT id, plan_id, lesion_id, number, dose_gy, linac_id, start_utc, end_utc, status, pinned,
               cancelled, recorded_at_utc, recorded_reason, unconfirmed_utc, sequence, changed_utc
        FROM fractions WHERE plan_id IN @planIds ORDER BY start_utc, number;
        """;

    // Dapper hands Npgsql a list as one array parameter (it expands IN @list only for SQLite): ANY takes it.
    private const string SelectFractionsOfPostgres = """
        SELECT id, plan_id, lesion_id, number, dose_gy, linac_id, start_utc, end_utc, status, pinned,
               cancelled, recorded_at_utc, recorded_reason, unconfirmed_utc, sequence, changed_utc
        FROM fractions WHERE plan_id = ANY(@planIds) ORDER BY start_utc, number;
        """;

    /// <summary>One page of plans in (day 1, id) order after the given key; dates are ISO local dates.</summary>
    public static async Task<IReadOnlyList<PlanRecord>> PageAsync(
        IDbConnection connection, PlanFilter filter, (string DayOne, string Id)? after, int take, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<PlanRow>(new CommandDefinition(SelectPlanPage, new
        {
            centerId = filter.CenterId,
            status = filter.Status,
            from = filter.From,
            to = filter.To,
            afterDayOne = after?.DayOne,
            afterId = after?.Id,
            take,
        }, cancellationToken: ct))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var fractions = (await connection.QueryAsync<FractionRow>(new CommandDefinition(connection.Pick(SelectFractionsOf, SelectFractionsOfPostgres),
            new { planIds = rows.Select(r => r.Id).ToList() }, cancellationToken: ct))).ToLookup(f => f.PlanId);
        return [.. rows.Select(r => ToRecord(r, fractions[r.Id]))];
    }
}

/// <summary>What GET /plans filters on; null matches every plan. Day 1 from and to are inclusive ISO dates.</summary>
internal sealed record PlanFilter(string? CenterId, string? Status, string? From, string? To);
