using System.Text.Json;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
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

    private const string FanOutPostgres = """
        INSERT INTO webhook_deliveries (subscription_id, event_seq, plan_id, status, next_attempt_ms)
        SELECT s.id, @Seq, @PlanId, 'pending', @CreatedMs
        FROM webhook_subscriptions s
        WHERE s.disabled_utc IS NULL AND s.events::jsonb @> jsonb_build_array(@Type::text);
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records <paramref name="type"/> for the plan as saved: <paramref name="version"/> is its new version.</summary>
    public static async Task WriteAsync(
        DbConnection connection, DbTransaction transaction, string type, string planId, string patientId, long version, Instant now, CancellationToken ct)
    {
        var body = new EventBody(type, WireFormat.ToUtc(now), new EventData(planId, patientId, version));
        await InsertAsync(connection, transaction, type, planId, JsonSerializer.Serialize(body, Json), body.Timestamp, now, ct);
    }

    /// <summary>
    /// Records a patient's absence event: <paramref name="version"/> is the patient's new version. The
    /// patient's id orders its deliveries (the column a plan's id fills for plan events), so a receiver
    /// gets a patient's events in the order they happened.
    /// </summary>
    public static async Task WritePatientAsync(
        DbConnection connection, DbTransaction transaction, string type, string patientId, long version, string absenceId, string date, Instant now, CancellationToken ct)
    {
        var body = new PatientEventBody(type, WireFormat.ToUtc(now), new PatientEventData(patientId, version, absenceId, date));
        await InsertAsync(connection, transaction, type, patientId, JsonSerializer.Serialize(body, Json), body.Timestamp, now, ct);
    }

    private static async Task InsertAsync(
        DbConnection connection, DbTransaction transaction, string type, string orderKey, string payload, string timestamp, Instant now, CancellationToken ct)
    {
        var row = new { Id = "msg_" + Ids.New(), Type = type, PlanId = orderKey, Payload = payload, CreatedUtc = timestamp, CreatedMs = now.ToUnixTimeMilliseconds() };
        var seq = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertEvent, row, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(connection.Pick(FanOut, FanOutPostgres), new { Seq = seq, row.PlanId, row.CreatedMs, row.Type }, transaction, cancellationToken: ct));
    }

    private sealed record EventBody(string Type, string Timestamp, EventData Data);

    private sealed record EventData(string PlanId, string PatientId, long Version);

    private sealed record PatientEventBody(string Type, string Timestamp, PatientEventData Data);

    private sealed record PatientEventData(string PatientId, long Version, string AbsenceId, string Date);
}
