using System.Data;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// What every plan write leaves for the calendar feeds, in the same transaction: each fraction's
/// calendar stamp (SEQUENCE raised when its slot, number or booked state changes) and the fractions
/// a re-plan dropped, kept so calendar clients are told they are cancelled. Both come from the plan
/// as it was read for the decision: nothing is read again.
/// </summary>
internal static partial class PlanStore
{
    /// <summary>How long a dropped fraction is still published as a cancelled calendar event.</summary>
    public static readonly Duration DroppedKeptFor = Duration.FromDays(30);

    private const string InsertDropped = """
        INSERT OR REPLACE INTO dropped_fractions (id, plan_id, lesion_id, number, linac_id, start_utc, end_utc, sequence, dropped_utc)
        VALUES (@Id, @PlanId, @LesionId, @Number, @LinacId, @StartUtc, @EndUtc, @Sequence, @DroppedUtc);
        """;

    private const string InsertDroppedPostgres = """
        INSERT INTO dropped_fractions (id, plan_id, lesion_id, number, linac_id, start_utc, end_utc, sequence, dropped_utc)
        VALUES (@Id, @PlanId, @LesionId, @Number, @LinacId, @StartUtc, @EndUtc, @Sequence, @DroppedUtc)
        ON CONFLICT (id) DO UPDATE SET plan_id = excluded.plan_id, lesion_id = excluded.lesion_id, number = excluded.number,
            linac_id = excluded.linac_id, start_utc = excluded.start_utc, end_utc = excluded.end_utc,
            sequence = excluded.sequence, dropped_utc = excluded.dropped_utc;
        """;

    private const string PruneDropped = "DELETE FROM dropped_fractions WHERE plan_id = @planId AND dropped_utc < @cutoffUtc;";

    /// <summary>The fraction's stamp after this write: raised when it is new or its published event changed.</summary>
    private static CalendarStamp Stamp(BookedFraction fraction, PlanRecord? before, Instant now)
    {
        if (before?.Plan.Find(fraction.Id) is not { } prior || !before.Stamps.TryGetValue(fraction.Id, out var stamp))
        {
            return new CalendarStamp(0, WireFormat.ToUtc(now));
        }

        var moved = prior.LinacId != fraction.LinacId
            || prior.Start != fraction.Start
            || prior.End != fraction.End
            || prior.Number != fraction.Number
            || prior.HoldsSlot != fraction.HoldsSlot;
        return moved ? new CalendarStamp(stamp.Sequence + 1, WireFormat.ToUtc(now)) : stamp;
    }

    private static async Task KeepDroppedAsync(IDbConnection connection, IDbTransaction transaction, PlanRecord before, BookedPlan after, Instant now, CancellationToken ct)
    {
        var kept = after.Fractions.Select(f => f.Id).ToHashSet();
        var dropped = before.Plan.Fractions.Where(f => !kept.Contains(f.Id)).ToList();
        if (dropped.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(connection.Pick(InsertDropped, InsertDroppedPostgres), dropped.Select(f => new
            {
                f.Id,
                PlanId = before.Id,
                f.LesionId,
                f.Number,
                f.LinacId,
                StartUtc = WireFormat.ToUtc(f.Start),
                EndUtc = WireFormat.ToUtc(f.End),
                Sequence = (before.Stamps.TryGetValue(f.Id, out var stamp) ? stamp.Sequence : 0) + 1,
                DroppedUtc = WireFormat.ToUtc(now),
            }), transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(PruneDropped, new { planId = before.Id, cutoffUtc = WireFormat.ToUtc(now - DroppedKeptFor) }, transaction, cancellationToken: ct));
        }
    }
}
