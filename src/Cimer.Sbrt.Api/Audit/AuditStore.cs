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

    // Each filter applies only when given; from is inclusive, to exclusive.
    private const string Filter = """
        WHERE (@fromUtc IS NULL OR at_utc >= @fromUtc) AND (@toUtc IS NULL OR at_utc < @toUtc)
          AND (@actor IS NULL OR actor = @actor) AND (@entity IS NULL OR entity = @entity)
        """;

    private const string CountFiltered = $"SELECT COUNT(*) FROM audit {Filter};";

    private const string SelectFiltered = $"""
        SELECT {Columns} FROM audit {Filter}
        ORDER BY id DESC LIMIT @limit OFFSET @offset;
        """;

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
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountFiltered, parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(SelectFiltered, parameters, cancellationToken: ct));
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
internal sealed class AuditRow
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
}
