using System.Data.Common;
using Dapper;

namespace Cimer.Sbrt.Api.Audit;

/// <summary>
/// Recomputes the audit chain (<see cref="AuditChain"/>) row by row in <c>seq</c> order, streamed
/// (one statement, so one consistent snapshot under WAL, and one row in memory at a time), and
/// names the first row that breaks it. A row removed from the end leaves no trace in the chain
/// itself: compare <c>lastHash</c> with one kept elsewhere for that.
/// </summary>
internal static class AuditVerification
{
    public const string ContentMismatch = "content does not match its hash",
        PreviousMismatch = "previous hash does not match",
        Gap = "row missing (sequence gap)";

    // NULLs sort first: an unchained row slipped in behind the service's back is found first.
    private const string SelectChain = """
        SELECT id, at_utc, actor, actor_roles, action, entity, entity_id, old_json, new_json, reason, seq, prev_hash, hash
        FROM audit ORDER BY seq, id;
        """;

    public static async Task<AuditVerifyResponse> VerifyAsync(DbConnection connection, CancellationToken ct)
    {
        var (rows, expectedSeq, previous) = (0L, 1L, AuditChain.Genesis);
        (AuditRow Row, string Reason)? broken = null;
        await foreach (var row in connection.QueryUnbufferedAsync<AuditRow>(SelectChain).WithCancellation(ct))
        {
            rows++;
            if (broken is not null)
            {
                continue;
            }

            var reason = row.Seq is null || row.Hash != AuditChain.Hash(row) ? ContentMismatch
                : row.Seq != expectedSeq ? Gap
                : row.PrevHash != previous ? PreviousMismatch
                : null;
            if (reason is not null)
            {
                broken = (row, reason);
                continue;
            }

            (expectedSeq, previous) = (expectedSeq + 1, row.Hash!);
        }

        return broken is { } b
            ? new AuditVerifyResponse(false, rows, null, new BrokenAuditRow(b.Row.Id, b.Row.Seq, b.Row.AtUtc, b.Row.Actor, b.Row.Action, b.Row.Entity, b.Row.EntityId, b.Row.Reason), b.Reason)
            : new AuditVerifyResponse(true, rows, rows == 0 ? null : previous, null, null);
    }
}
