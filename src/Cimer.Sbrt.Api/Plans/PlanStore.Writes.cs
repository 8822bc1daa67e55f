using System.Data;
using System.Text.Json;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

internal static partial class PlanStore
{
    private const string InsertPlan = """
        INSERT INTO plans (id, patient_id, center_id, version, status, day_one, max_fractions_per_day,
                           window_start, window_end, days_before, days_after, window_closures, milestones,
                           explanation, protocol_deviation, attention_reason, created_utc, updated_utc)
        VALUES (@Id, @PatientId, @CenterId, @Version, @Status, @DayOne, @MaxFractionsPerDay,
                @WindowStart, @WindowEnd, @DaysBefore, @DaysAfter, @WindowClosures, @Milestones,
                @Explanation, @ProtocolDeviation, @AttentionReason, @NowUtc, @NowUtc);
        """;

    private const string UpdatePlan = """
        UPDATE plans SET version = @Version, status = @Status, day_one = @DayOne, window_start = @WindowStart,
               window_end = @WindowEnd, days_before = @DaysBefore, days_after = @DaysAfter,
               window_closures = @WindowClosures, milestones = @Milestones, explanation = @Explanation,
               protocol_deviation = @ProtocolDeviation, attention_reason = @AttentionReason, updated_utc = @NowUtc
        WHERE id = @Id AND version = @Version - 1;
        """;

    // A changed plan's fractions are rewritten whole: moving A into B's old slot and B elsewhere
    // never trips the unique slot index half-way.
    private const string DeleteFractions = "DELETE FROM fractions WHERE plan_id = @planId;";

    private const string InsertFraction = """
        INSERT INTO fractions (id, plan_id, lesion_id, number, dose_gy, linac_id, start_utc, end_utc,
                               status, pinned, cancelled, recorded_at_utc, recorded_reason, unconfirmed_utc, sequence, changed_utc)
        VALUES (@Id, @PlanId, @LesionId, @Number, @DoseGy, @LinacId, @StartUtc, @EndUtc,
                @Status, @Pinned, @Cancelled, @RecordedAtUtc, @RecordedReason, @UnconfirmedUtc, @Sequence, @ChangedUtc);
        """;

    /// <summary>Writes a new plan and its fractions; answers it with its fractions' first calendar stamps.</summary>
    public static async Task<PlanRecord> InsertAsync(IDbConnection connection, IDbTransaction transaction, PlanRecord plan, Instant now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(InsertPlan, PlanParameters(plan, now), transaction, cancellationToken: ct));
        return await InsertFractionsAsync(connection, transaction, null, plan, now, ct);
    }

    /// <summary>
    /// Writes <paramref name="after"/> over <paramref name="before"/> (the record its decision read): a
    /// version that moved under us is a conflict. Answers the record as stored, stamps included.
    /// </summary>
    public static async Task<PlanRecord> UpdateAsync(IDbConnection connection, IDbTransaction transaction, PlanRecord before, PlanRecord after, Instant now, CancellationToken ct)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(UpdatePlan, PlanParameters(after, now), transaction, cancellationToken: ct));
        if (updated != 1)
        {
            throw Problems.Conflict("The plan changed while this request was being decided; read it again.");
        }

        await connection.ExecuteAsync(new CommandDefinition(DeleteFractions, new { planId = after.Id }, transaction, cancellationToken: ct));
        var stored = await InsertFractionsAsync(connection, transaction, before, after, now, ct);
        await KeepDroppedAsync(connection, transaction, before, after.Plan, now, ct);
        return stored;
    }

    /// <summary>
    /// Lets every slot of <paramref name="planIds"/> go ahead of their <see cref="UpdateAsync"/>s, which write
    /// each plan's fractions whole: plans written together in one transaction then never take a slot that one
    /// written after them still holds, whatever their order (a swap included), and the booked-slot index
    /// guards only what they leave. It is checked as each statement runs (on PostgreSQL too: a partial unique
    /// index cannot be deferred), so the order of the writes is what matters. Every plan released must be
    /// updated in the same transaction.
    /// </summary>
    public static Task ReleaseSlotsAsync(IDbConnection connection, IDbTransaction transaction, IEnumerable<string> planIds, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(DeleteFractions, planIds.Select(planId => new { planId }), transaction, cancellationToken: ct));

    private static async Task<PlanRecord> InsertFractionsAsync(
        IDbConnection connection, IDbTransaction transaction, PlanRecord? before, PlanRecord plan, Instant now, CancellationToken ct)
    {
        var stamps = plan.Plan.Fractions.ToDictionary(f => f.Id, f => Stamp(f, before, now));
        await connection.ExecuteAsync(new CommandDefinition(InsertFraction, plan.Plan.Fractions.Select(f => new
        {
            f.Id,
            PlanId = plan.Id,
            f.LesionId,
            f.Number,
            f.DoseGy,
            f.LinacId,
            StartUtc = WireFormat.ToUtc(f.Start),
            EndUtc = WireFormat.ToUtc(f.End),
            Status = StoredJson.Name(f.Status),
            Pinned = f.Pinned ? 1 : 0,
            Cancelled = f.Cancelled ? 1 : 0,
            RecordedAtUtc = f.RecordedAt is { } at ? WireFormat.ToUtc(at) : null,
            f.RecordedReason,
            UnconfirmedUtc = f.UnconfirmedAt is { } flagged ? WireFormat.ToUtc(flagged) : null,
            stamps[f.Id].Sequence,
            stamps[f.Id].ChangedUtc,
        }), transaction, cancellationToken: ct));
        return plan with { Stamps = stamps };
    }

    private static object PlanParameters(PlanRecord record, Instant now)
    {
        var (plan, outline) = (record.Plan, record.Outline);
        return new
        {
            plan.Id,
            plan.PatientId,
            plan.CenterId,
            plan.Version,
            Status = StoredJson.Name(plan.Status),
            DayOne = WireFormat.Format(plan.DayOne),
            plan.MaxFractionsPerDay,
            WindowStart = WireFormat.Format(plan.WindowStart),
            WindowEnd = WireFormat.Format(plan.WindowEnd),
            plan.DaysBefore,
            plan.DaysAfter,
            WindowClosures = JsonSerializer.Serialize(outline.WindowClosures, StoredJson.Options),
            Milestones = JsonSerializer.Serialize(outline.Milestones, StoredJson.Options),
            Explanation = JsonSerializer.Serialize(outline.Explanation, StoredJson.Options),
            ProtocolDeviation = outline.ProtocolDeviation is null ? null : JsonSerializer.Serialize(outline.ProtocolDeviation, StoredJson.Options),
            plan.AttentionReason,
            NowUtc = WireFormat.ToUtc(now),
        };
    }
}
