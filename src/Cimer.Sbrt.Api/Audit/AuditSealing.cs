using System.Data;
using Cimer.Sbrt.Api.Data;
using Dapper;

namespace Cimer.Sbrt.Api.Audit;

/// <summary>
/// Chains the rows written before schema v8 (which have no <c>seq</c> or <c>hash</c>), oldest
/// first, onto whatever is already chained. Migration 008 runs it in its own transaction, so an
/// upgraded database verifies from its first row; the v8 update trigger lets a row be sealed once
/// and never changed.
/// </summary>
internal static class AuditSealing
{
    /// <summary>Run by the migrations right after script 008, in its transaction.</summary>
    public static readonly AfterScript AfterScript = new(8, SealUnsealed);

    private const int Batch = 500;

    private const string SelectTail = "SELECT seq, hash FROM audit WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;";

    private const string SelectUnsealed = """
        SELECT id, at_utc, actor, actor_roles, action, entity, entity_id, old_json, new_json, reason
        FROM audit WHERE hash IS NULL ORDER BY id LIMIT @Batch;
        """;

    private const string Seal = "UPDATE audit SET seq = @Seq, prev_hash = @PrevHash, hash = @Hash WHERE id = @Id;";

    public static void SealUnsealed(IDbConnection connection, IDbTransaction transaction)
    {
        var tail = connection.QuerySingleOrDefault<AuditRow>(SelectTail, transaction: transaction);
        var (seq, previous) = (tail?.Seq ?? 0, tail?.Hash ?? AuditChain.Genesis);
        List<AuditRow> rows;
        do
        {
            rows = [.. connection.Query<AuditRow>(SelectUnsealed, new { Batch }, transaction)];
            foreach (var unsealed in rows)
            {
                var row = unsealed with { Seq = ++seq, PrevHash = previous };
                previous = AuditChain.Hash(row);
                connection.Execute(Seal, row with { Hash = previous }, transaction);
            }
        }
        while (rows.Count == Batch);
    }
}
