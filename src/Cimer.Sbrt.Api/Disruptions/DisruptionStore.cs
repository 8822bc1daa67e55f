using System.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Dapper;

namespace Cimer.Sbrt.Api.Disruptions;

internal static class DisruptionStore
{
    // Live, unfinished plans with a booked fraction in the interval, in the order of the bulk
    // re-plan: oldest day 1 first, then the plan made first.
    private const string SelectTouchedPlans = """
        SELECT p.id FROM plans p
        WHERE p.center_id = @centerId AND p.status NOT IN ('cancelled', 'completed')
          AND EXISTS (
              SELECT 1 FROM booked_fractions f
              WHERE f.plan_id = p.id
                AND (@linacId IS NULL OR f.linac_id = @linacId)
                AND f.start_utc < @endUtc AND f.end_utc > @startUtc)
        ORDER BY p.day_one, p.created_utc, p.id;
        """;

    public static async Task<IReadOnlyList<string>> TouchedPlanIdsAsync(IDbConnection connection, IDbTransaction transaction, string centerId, Disruption disruption, CancellationToken ct) =>
        [.. await connection.QueryAsync<string>(new CommandDefinition(SelectTouchedPlans, new
        {
            centerId,
            linacId = disruption.LinacId,
            startUtc = WireFormat.ToUtc(disruption.Start),
            endUtc = WireFormat.ToUtc(disruption.End),
        }, transaction, cancellationToken: ct))];
}
