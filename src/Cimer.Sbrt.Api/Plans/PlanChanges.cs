using Cimer.Sbrt.Api.Webhooks;
using Cimer.Sbrt.Scheduling;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// The changes the days that follow make to a stored plan, one function per kind, each saving the
/// plan's next version in the caller's transaction: a re-plan, a delivery, a miss, a plan that
/// needs a person. Whatever must be written with such a change (an event, an audit row) goes here.
/// </summary>
internal static class PlanChanges
{
    /// <summary>Moves what remains to where the core's re-plan puts it and saves the new version.</summary>
    public static async Task<IReadOnlyList<ChangeResponse>> ReplannedAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, Plan replan, IReadOnlySet<string> kept, Instant now, CancellationToken ct)
    {
        var changes = Adopt(plan, replan, kept);
        await SaveAsync(connection, transaction, plan, now, ct, WebhookEvents.PlanChanged);
        return changes;
    }

    /// <summary>
    /// Flags the plan for a person (R1, R5) and saves it. Nothing moves; <paramref name="displaced"/>
    /// (fractions whose slot was taken and that no plan can replace) give their slot up.
    /// </summary>
    public static async Task NeedsAttentionAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, string reason,
        IReadOnlyCollection<FractionRecord> displaced, Instant now, CancellationToken ct)
    {
        Flag(plan, reason, displaced);
        await SaveAsync(connection, transaction, plan, now, ct, WebhookEvents.PlanNeedsAttention);
    }

    /// <summary>Records a delivered fraction: the plan becomes active, or completed after the last one.</summary>
    public static async Task DeliveredAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, FractionRecord fraction, Instant at, string? reason, Instant now, CancellationToken ct)
    {
        Record(fraction, FractionStatus.Delivered, at, reason);
        plan.Status = plan.Status switch
        {
            PlanStatus.NeedsAttention => PlanStatus.NeedsAttention,
            _ when plan.Fractions.Any(f => f.Status is FractionStatus.Planned or FractionStatus.Displaced) => PlanStatus.Active,
            _ => PlanStatus.Completed,
        };
        await SaveAsync(connection, transaction, plan, now, ct, WebhookEvents.FractionDelivered);
    }

    /// <summary>
    /// Records misses and re-plans what remains at once, as one version (R4). A miss is a fact and
    /// always stands; when no re-plan fits, the plan keeps its other fractions and needs a person (R5).
    /// </summary>
    public static async Task<IReadOnlyList<ChangeResponse>> MissedAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan,
        IReadOnlyList<(FractionRecord Fraction, Instant At)> missed, string? reason, Instant now, CancellationToken ct)
    {
        foreach (var (fraction, at) in missed)
        {
            Record(fraction, FractionStatus.Missed, at, reason);
        }

        var inputs = await PlanningInputs.ForPlanAsync(connection, transaction, plan, ct);
        var (outcome, kept) = Replanning.Solve(plan, inputs, now);
        IReadOnlyList<ChangeResponse> changes = [];
        if (outcome.IsFeasible)
        {
            changes = Adopt(plan, outcome.Plan, kept);
        }
        else
        {
            var which = string.Join(", ", missed.Select(m => $"fraction {m.Fraction.Number} of lesion {m.Fraction.LesionId}"));
            Flag(plan, $"Missed {which} and no re-plan fits: {Describe(outcome.Infeasibility)}", []);
        }

        // One version, one event per thing an integrator acts on: the miss, then the re-plan or the flag.
        await SaveAsync(connection, transaction, plan, now, ct, WebhookEvents.FractionMissed,
            outcome.IsFeasible ? WebhookEvents.PlanChanged : WebhookEvents.PlanNeedsAttention);
        return changes;
    }

    /// <summary>Flags fractions that have started and have no delivery record (nightly reconciliation).</summary>
    public static async Task UnconfirmedAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, IReadOnlyCollection<FractionRecord> fractions, Instant now, CancellationToken ct)
    {
        foreach (var fraction in fractions)
        {
            fraction.UnconfirmedAt = now;
        }

        await SaveAsync(connection, transaction, plan, now, ct, WebhookEvents.PlanChanged);
    }

    /// <summary>The core's reason in one line a scheduler reads: its summary, then each violation.</summary>
    public static string Describe(Infeasibility infeasibility) =>
        string.Join(" ", [infeasibility.Summary, .. infeasibility.Violations.Select(v => v.Message).Distinct().Take(5)]);

    private static List<ChangeResponse> Adopt(PlanRecord plan, Plan replan, IReadOnlySet<string> kept)
    {
        var changes = Replanning.Adopt(plan, replan, kept);
        plan.Status = plan.Fractions.Any(f => f.Status == FractionStatus.Delivered) ? PlanStatus.Active : PlanStatus.Draft;
        plan.AttentionReason = null;
        return [.. changes];
    }

    private static void Flag(PlanRecord plan, string reason, IReadOnlyCollection<FractionRecord> displaced)
    {
        foreach (var fraction in displaced)
        {
            fraction.Status = FractionStatus.Displaced;
        }

        plan.Status = PlanStatus.NeedsAttention;
        plan.AttentionReason = reason;
    }

    private static void Record(FractionRecord fraction, FractionStatus status, Instant at, string? reason)
    {
        fraction.Status = status;
        (fraction.RecordedAt, fraction.RecordedReason) = (at, reason);
    }

    /// <summary>Saves the plan's next version with its events, in the caller's transaction.</summary>
    public static async Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, Instant now, CancellationToken ct, params string[] events)
    {
        plan.Version++;
        await PlanStore.UpdateAsync(connection, transaction, plan, now, ct);
        foreach (var type in events)
        {
            await Outbox.WriteAsync(connection, transaction, type, plan, now, ct);
        }
    }
}
