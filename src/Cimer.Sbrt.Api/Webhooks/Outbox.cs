using System.Text.Json;
using Cimer.Sbrt.Api.Web;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// Writes a plan's event in the caller's transaction and fans it out to every live subscription
/// that wants its type. Called beside every plan write, so the event commits or rolls back with
/// the change; the delivery job only ever sends what was committed.
/// </summary>
internal static class Outbox
{
    private const string InsertEvent = """
        INSERT INTO outbox_events (id, type, plan_id, payload, created_utc, created_ms)
        VALUES (@Id, @Type, @PlanId, @Payload, @CreatedUtc, @CreatedMs)
        RETURNING seq;
        """;

    private const string FanOut = """
        INSERT INTO webhook_deliveries (subscription_id, event_seq, plan_id, status, next_attempt_ms)
        SELECT s.id, @Seq, @PlanId, 'pending', @CreatedMs
        FROM webhook_subscriptions s
        WHERE s.disabled_utc IS NULL AND EXISTS (SELECT 1 FROM json_each(s.events) WHERE value = @Type);
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records <paramref name="type"/> for the plan as saved: <paramref name="version"/> is its new version.</summary>
    public static async Task WriteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string type, string planId, string patientId, long version, Instant now, CancellationToken ct)
    {
        var body = new EventBody(type, WireFormat.ToUtc(now), new EventData(planId, patientId, version));
        var row = new
        {
            Id = "msg_" + Ids.New(),
            Type = type,
            PlanId = planId,
            Payload = JsonSerializer.Serialize(body, Json),
            CreatedUtc = body.Timestamp,
            CreatedMs = now.ToUnixTimeMilliseconds(),
        };
        var seq = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertEvent, row, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(FanOut, new { Seq = seq, row.PlanId, row.CreatedMs, row.Type }, transaction, cancellationToken: ct));
    }

    private sealed record EventBody(string Type, string Timestamp, EventData Data);

    private sealed record EventData(string PlanId, string PatientId, long Version);
}
