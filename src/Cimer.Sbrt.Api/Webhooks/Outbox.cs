using System.Data;
using System.Text.Json;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// Writes a change's events in the change's own transaction, fanned out to the subscriptions that
/// want them: no change commits without its events, and a change that rolls back leaves none.
/// The commit then wakes the delivery job.
/// </summary>
internal static class Outbox
{
    public const string Signal = "outbox";

    private const string InsertEvent = """
        INSERT INTO outbox_events (id, type, plan_id, body, created_utc)
        VALUES (@Id, @Type, @PlanId, @Body, @CreatedUtc)
        RETURNING seq;
        """;

    private const string FanOut = """
        INSERT INTO webhook_deliveries (id, subscription_id, event_seq, plan_id, status, attempts, next_attempt_utc, created_utc)
        SELECT lower(hex(randomblob(16))), s.id, @Seq, @PlanId, 'pending', 0, @NowUtc, @NowUtc
        FROM webhook_subscriptions s
        WHERE s.status = 'active' AND s.deleted_utc IS NULL
          AND instr(',' || s.events || ',', ',' || @Type || ',') > 0;
        """;

    public static async Task WriteAsync(
        IDbConnection connection, IDbTransaction transaction, PlanRecord plan, IReadOnlyList<PlanEvent> events, Instant now, CancellationToken ct)
    {
        var fannedOut = 0;
        foreach (var planEvent in events)
        {
            var id = "msg_" + Ids.New();
            var body = Body(planEvent, plan, now);
            var seq = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertEvent, new
            {
                Id = id,
                planEvent.Type,
                PlanId = plan.Id,
                Body = body,
                CreatedUtc = WireFormat.ToUtc(now),
            }, transaction, cancellationToken: ct));
            fannedOut += await connection.ExecuteAsync(new CommandDefinition(FanOut, new
            {
                Seq = seq,
                PlanId = plan.Id,
                planEvent.Type,
                NowUtc = WireFormat.ToUtc(now),
            }, transaction, cancellationToken: ct));
        }

        if (fannedOut > 0)
        {
            CommitSignals.Raise(transaction, Signal);
        }
    }

    /// <summary>The body as the contract shows it; the fraction id rides along on fraction events.</summary>
    private static string Body(PlanEvent planEvent, PlanRecord plan, Instant now) =>
        JsonSerializer.Serialize(
            new WebhookBody(planEvent.Type, WireFormat.ToUtc(now), new WebhookData(plan.Id, plan.PatientId, plan.Version, planEvent.FractionId)),
            StoredJson.Options);
}

/// <summary>What a receiver gets: <c>{ "type", "timestamp", "data": { "planId", "patientId", "version" } }</c>.</summary>
internal sealed record WebhookBody(string Type, string Timestamp, WebhookData Data);

internal sealed record WebhookData(
    string PlanId,
    string PatientId,
    long Version,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? FractionId);
