using System.Data;
using System.Text.Json;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Audit;

/// <summary>
/// Appends audit rows in the transaction of the change they record (never on a connection of
/// their own), so a change and its row commit or roll back together.
/// </summary>
internal static class AuditTrail
{
    private const string Insert = """
        INSERT INTO audit (at_utc, actor, actor_roles, action, entity, entity_id, old_json, new_json, reason)
        VALUES (@AtUtc, @Actor, @ActorRoles, @Action, @Entity, @EntityId, @OldJson, @NewJson, @Reason);
        """;

    public static Task RecordAsync(IDbConnection connection, IDbTransaction transaction, Actor actor, Instant at, AuditEntry entry, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            AtUtc = WireFormat.ToUtcMillis(at),
            Actor = actor.Subject,
            ActorRoles = JsonSerializer.Serialize(actor.Roles, StoredJson.Options),
            entry.Action,
            entry.Entity,
            entry.EntityId,
            OldJson = Json(entry.Old),
            NewJson = Json(entry.New),
            entry.Reason,
        }, transaction, cancellationToken: ct));

    private static string? Json(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), StoredJson.Options);
}
