using System.Data;
using System.Text.Json;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Audit;

/// <summary>
/// Appends audit rows in the transaction of the change they record (never on a connection of
/// their own), so a change and its row commit or roll back together. Each row is chained onto the
/// last one (<see cref="AuditChain"/>), read in that same transaction: every write is one
/// <c>BEGIN IMMEDIATE</c> transaction, which holds SQLite's write lock from its first statement, so
/// no other writer can append between that read and this insert. The unique indexes on
/// <c>seq</c> and <c>prev_hash</c> are the last guard.
/// </summary>
internal static class AuditTrail
{
    private const string SelectTail = """
        SELECT seq, hash FROM audit WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
        """;

    // The id is chosen here, because it is hashed: past every id the table has ever handed out.
    private const string SelectNextId = """
        SELECT MAX(COALESCE((SELECT MAX(id) FROM audit), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0)) + 1;
        """;

    // PostgreSQL: the identity's next value, never handed out twice (rolled back or not).
    private const string SelectNextIdPostgres = "SELECT nextval(pg_get_serial_sequence('audit', 'id'));";

    private const string Insert = """
        INSERT INTO audit (id, at_utc, actor, actor_roles, action, entity, entity_id, old_json, new_json, reason, seq, prev_hash, hash)
        VALUES (@Id, @AtUtc, @Actor, @ActorRoles, @Action, @Entity, @EntityId, @OldJson, @NewJson, @Reason, @Seq, @PrevHash, @Hash);
        """;

    // The id is GENERATED ALWAYS there: the one taken above is given explicitly.
    private const string InsertPostgres = """
        INSERT INTO audit (id, at_utc, actor, actor_roles, action, entity, entity_id, old_json, new_json, reason, seq, prev_hash, hash)
        OVERRIDING SYSTEM VALUE
        VALUES (@Id, @AtUtc, @Actor, @ActorRoles, @Action, @Entity, @EntityId, @OldJson, @NewJson, @Reason, @Seq, @PrevHash, @Hash);
        """;

    public static async Task RecordAsync(IDbConnection connection, IDbTransaction transaction, Actor actor, Instant at, AuditEntry entry, CancellationToken ct)
    {
        var tail = await connection.QuerySingleOrDefaultAsync<AuditRow>(new CommandDefinition(SelectTail, transaction: transaction, cancellationToken: ct));
        var row = new AuditRow
        {
            Id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(connection.Pick(SelectNextId, SelectNextIdPostgres), transaction: transaction, cancellationToken: ct)),
            AtUtc = WireFormat.ToUtcMillis(at),
            Actor = actor.Subject,
            ActorRoles = JsonSerializer.Serialize(actor.Roles, StoredJson.Options),
            Action = entry.Action,
            Entity = entry.Entity,
            EntityId = entry.EntityId,
            OldJson = Json(entry.Old),
            NewJson = Json(entry.New),
            Reason = entry.Reason,
            Seq = (tail?.Seq ?? 0) + 1,
            PrevHash = tail?.Hash ?? AuditChain.Genesis,
        };
        await connection.ExecuteAsync(new CommandDefinition(connection.Pick(Insert, InsertPostgres), row with { Hash = AuditChain.Hash(row) }, transaction, cancellationToken: ct));
    }

    private static string? Json(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), StoredJson.Options);
}
