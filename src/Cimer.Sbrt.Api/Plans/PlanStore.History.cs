using System.Data;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// What every plan write leaves for the calendar feeds, in the same transaction: each fraction's
/// calendar stamp (SEQUENCE raised when its slot, number or booked state changes) and the fractions
/// a re-plan dropped, kept so calendar clients are told they are cancelled.
/// </summary>
internal static partial class PlanStore
{
    /// <summary>How long a dropped fraction is still published as a cancelled calendar event.</summary>
    public static readonly Duration DroppedKeptFor = Duration.FromDays(30);

    private const string SelectStoredFractions = """
        SELECT id, plan_id, lesion_id, number, linac_id, start_utc, end_utc, status, cancelled, sequence, changed_utc
        FROM fractions WHERE plan_id = @planId;
        """;

    private const string InsertDropped = """
        INSERT OR REPLACE INTO dropped_fractions (id, plan_id, lesion_id, number, linac_id, start_utc, end_utc, sequence, dropped_utc)
        VALUES (@Id, @PlanId, @LesionId, @Number, @LinacId, @StartUtc, @EndUtc, @Sequence, @DroppedUtc);
        """;

    private const string PruneDropped = "DELETE FROM dropped_fractions WHERE plan_id = @planId AND dropped_utc < @cutoffUtc;";

    /// <summary>The plan's fractions as stored before this write, by id.</summary>
    private static async Task<StoredPlan> StoredAsync(IDbConnection connection, IDbTransaction transaction, string planId, CancellationToken ct)
    {
        var fractions = await connection.QueryAsync<StoredFraction>(new CommandDefinition(SelectStoredFractions, new { planId }, transaction, cancellationToken: ct));
        return new StoredPlan(fractions.ToDictionary(f => f.Id));
    }

    private static (long Sequence, string ChangedUtc) CalendarStamp(FractionRecord fraction, StoredPlan before, Instant now)
    {
        if (!before.Fractions.TryGetValue(fraction.Id, out var prior))
        {
            return (0, WireFormat.ToUtc(now));
        }

        var moved = prior.LinacId != fraction.LinacId
            || prior.StartUtc != WireFormat.ToUtc(fraction.Start)
            || prior.EndUtc != WireFormat.ToUtc(fraction.End)
            || prior.Number != fraction.Number
            || prior.HoldsSlot != HoldsSlot(fraction);
        return moved ? (prior.Sequence + 1, WireFormat.ToUtc(now)) : (prior.Sequence, prior.ChangedUtc);
    }

    private static bool HoldsSlot(FractionRecord fraction) =>
        fraction.Status is FractionStatus.Planned or FractionStatus.Delivered && !fraction.Cancelled;

    private static async Task KeepDroppedAsync(IDbConnection connection, IDbTransaction transaction, StoredPlan before, PlanRecord plan, Instant now, CancellationToken ct)
    {
        var kept = plan.Fractions.Select(f => f.Id).ToHashSet();
        var dropped = before.Fractions.Values.Where(f => !kept.Contains(f.Id)).ToList();
        if (dropped.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertDropped, dropped.Select(f => new
            {
                f.Id,
                f.PlanId,
                f.LesionId,
                f.Number,
                f.LinacId,
                f.StartUtc,
                f.EndUtc,
                Sequence = f.Sequence + 1,
                DroppedUtc = WireFormat.ToUtc(now),
            }), transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(PruneDropped, new { planId = plan.Id, cutoffUtc = WireFormat.ToUtc(now - DroppedKeptFor) }, transaction, cancellationToken: ct));
        }
    }
}

/// <summary>A plan's fractions as stored before a write; <see cref="None"/> before its first.</summary>
internal sealed record StoredPlan(IReadOnlyDictionary<string, StoredFraction> Fractions)
{
    public static readonly StoredPlan None = new(new Dictionary<string, StoredFraction>());
}

/// <summary>A row of <c>fractions</c> as it was before a write.</summary>
internal sealed class StoredFraction
{
    public string Id { get; init; } = "";
    public string PlanId { get; init; } = "";
    public string LesionId { get; init; } = "";
    public long Number { get; init; }
    public string LinacId { get; init; } = "";
    public string StartUtc { get; init; } = "";
    public string EndUtc { get; init; } = "";
    public string Status { get; init; } = "";
    public long Cancelled { get; init; }
    public long Sequence { get; init; }
    public string ChangedUtc { get; init; } = "";

    public bool HoldsSlot => Status is "planned" or "delivered" && Cancelled == 0;
}
