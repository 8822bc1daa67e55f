using Dapper;

namespace Cimer.Sbrt.Api.Tests.Infrastructure;

/// <summary>What a change left in the database besides its answer: its audit rows and webhook outbox events.</summary>
public static class Records
{
    public static IReadOnlyList<(string Action, string? OldJson, string? NewJson, string? Reason)> Audit(SbrtApp app, string entityId)
    {
        using var connection = app.OpenDatabase();
        return [.. connection.Query<(string, string?, string?, string?)>(
            "SELECT action, old_json, new_json, reason FROM audit WHERE entity_id = @entityId ORDER BY id;", new { entityId })];
    }

    public static IReadOnlyList<(string Type, string Payload)> Events(SbrtApp app, string planId)
    {
        using var connection = app.OpenDatabase();
        return [.. connection.Query<(string, string)>("SELECT type, payload FROM outbox_events WHERE plan_id = @planId ORDER BY seq;", new { planId })];
    }
}
