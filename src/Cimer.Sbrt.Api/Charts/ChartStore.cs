using System.Data;
using Cimer.Sbrt.Api.Data;
using Dapper;

namespace Cimer.Sbrt.Api.Charts;

internal static class ChartStore
{
    private const string SelectStudyIds = """
        SELECT pl.id AS PlanId, p.study_id AS StudyId
        FROM plans pl JOIN patients p ON p.id = pl.patient_id
        WHERE pl.id IN @planIds;
        """;

    // Dapper hands Npgsql a list as one array parameter (it expands IN @list only for SQLite): ANY takes it.
    private const string SelectStudyIdsPostgres = """
        SELECT pl.id AS PlanId, p.study_id AS StudyId
        FROM plans pl JOIN patients p ON p.id = pl.patient_id
        WHERE pl.id = ANY(@planIds);
        """;

    /// <summary>The study id of each plan's patient, by plan id: the board's labels.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> StudyIdsAsync(IDbConnection connection, IReadOnlyList<string> planIds, CancellationToken ct)
    {
        if (planIds.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var rows = await connection.QueryAsync<(string PlanId, string StudyId)>(new CommandDefinition(connection.Pick(SelectStudyIds, SelectStudyIdsPostgres), new { planIds }, cancellationToken: ct));
        return rows.ToDictionary(r => r.PlanId, r => r.StudyId);
    }
}
