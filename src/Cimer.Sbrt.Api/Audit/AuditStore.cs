using System.Data;
using System.Text.Json;
using Cimer.Sbrt.Api.Data;
using Dapper;

namespace Cimer.Sbrt.Api.Audit;

/// <summary>Reads the audit trail; <see cref="AuditTrail"/> is the only writer.</summary>
internal static class AuditStore
{
    private const string Columns = "id, at_utc, actor, actor_roles, action, entity, entity_id, old_json, new_json, reason";

    private const string SelectForEntity = $"""
        SELECT {Columns} FROM audit WHERE entity = @entity AND entity_id = @entityId ORDER BY id;
        """;

    // One condition per filter given (from inclusive, to exclusive), so SQLite can use the index
    // of the filter instead of scanning every row for "@x IS NULL OR ...".
    private const string FromCondition = "at_utc >= @fromUtc", ToCondition = "at_utc < @toUtc",
        ActorCondition = "actor = @actor", EntityCondition = "entity = @entity";

    private const string CountAll = "SELECT COUNT(*) FROM audit", SelectAll = $"SELECT {Columns} FROM audit";

    private const string NewestFirst = "ORDER BY id DESC LIMIT @limit OFFSET @offset";

    public static async Task<IReadOnlyList<AuditEntryResponse>> ForEntityAsync(IDbConnection connection, string entity, string entityId, CancellationToken ct) =>
        [.. (await connection.QueryAsync<AuditRow>(new CommandDefinition(SelectForEntity, new { entity, entityId }, cancellationToken: ct))).Select(ToResponse)];

    public static async Task<(long Total, IReadOnlyList<AuditEntryResponse> Items)> PageAsync(IDbConnection connection, AuditQuery query, CancellationToken ct)
    {
        var parameters = new
        {
            fromUtc = query.FromUtc,
            toUtc = query.ToUtc,
            actor = query.Actor,
            entity = query.Entity,
            limit = query.PageSize,
            offset = (long)(query.Page - 1) * query.PageSize,
        };
        string?[] conditions =
        [
            query.FromUtc is null ? null : FromCondition,
            query.ToUtc is null ? null : ToCondition,
            query.Actor is null ? null : ActorCondition,
            query.Entity is null ? null : EntityCondition,
        ];
        var given = conditions.OfType<string>().ToList();
        var where = given.Count == 0 ? "" : "WHERE " + string.Join(" AND ", given);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"{CountAll} {where};", parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition($"{SelectAll} {where} {NewestFirst};", parameters, cancellationToken: ct));
        return (total, [.. rows.Select(ToResponse)]);
    }

    private static AuditEntryResponse ToResponse(AuditRow row) =>
        new(row.Id, row.AtUtc, row.Actor, StoredJson.Read<List<string>>(row.ActorRoles), row.Action, row.Entity, row.EntityId,
            Parse(row.OldJson), Parse(row.NewJson), row.Reason);

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>The filters of <c>GET /api/v1/audit</c>, checked; instants as stored (UTC, three decimals).</summary>
internal sealed record AuditQuery(string? FromUtc, string? ToUtc, string? Actor, string? Entity, int Page, int PageSize);

/// <summary>A row of <c>audit</c>, as stored.</summary>
internal sealed record AuditRow
{
    public long Id { get; init; }
    public string AtUtc { get; init; } = "";
    public string Actor { get; init; } = "";
    public string ActorRoles { get; init; } = "[]";
    public string Action { get; init; } = "";
    public string Entity { get; init; } = "";
    public string EntityId { get; init; } = "";
    public string? OldJson { get; init; }
    public string? NewJson { get; init; }
    public string? Reason { get; init; }

    /// <summary>Its place in the chain (<see cref="AuditChain"/>); null only on a row written before v8 and not yet sealed.</summary>
    public long? Seq { get; init; }

    public string? PrevHash { get; init; }

    public string? Hash { get; init; }
}
