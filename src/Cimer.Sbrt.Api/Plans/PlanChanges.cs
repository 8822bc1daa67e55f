using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Api.Webhooks;
using Cimer.Sbrt.Scheduling;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// The changes made to a stored plan, one function per kind, each saving the plan (or its next
/// version) in the caller's transaction together with what must be written with it: its audit
/// row (who, when, the plan before and after, why) and its webhook events (the outbox).
/// </summary>
internal static class PlanChanges
{
    /// <summary>Saves a new plan, which books its slots.</summary>
    public static async Task CreatedAsync(SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, Actor actor, Instant now, CancellationToken ct)
    {
        await PlanStore.InsertAsync(connection, transaction, plan, now, ct);
        await Outbox.WriteAsync(connection, transaction, WebhookEvents.PlanCreated, plan.Id, plan.PatientId, plan.Version, now, ct);
        await AuditTrail.RecordAsync(connection, transaction, actor, now,
            new AuditEntry("plan.created", AuditEntities.Plan, plan.Id, null, PlanResponses.From(plan), null), ct);
    }

    /// <summary>Saves a physicist's edit (a move, a pin or an unpin) that the rules already accepted.</summary>
    public static Task EditedAsync(SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, string reason, Actor actor, Instant now, CancellationToken ct) =>
        SaveAsync(connection, transaction, plan, "plan.edited", reason, null, actor, now, ct, WebhookEvents.PlanChanged);

    /// <summary>Cancels the plan: its fractions give their slots up.</summary>
    public static Task CancelledAsync(SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, string reason, Actor actor, Instant now, CancellationToken ct)
    {
        plan.Status = PlanStatus.Cancelled;
        plan.Fractions.ForEach(f => f.Cancelled = true);
        return SaveAsync(connection, transaction, plan, "plan.cancelled", reason, null, actor, now, ct, WebhookEvents.PlanCancelled);
    }

    /// <summary>Moves what remains to where the core's re-plan puts it and saves the new version.</summary>
    public static async Task<IReadOnlyList<ChangeResponse>> ReplannedAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, Plan replan, IReadOnlySet<string> kept,
        string reason, Actor actor, Instant now, CancellationToken ct)
    {
        var changes = Adopt(plan, replan, kept);
        await SaveAsync(connection, transaction, plan, "plan.replanned", reason, changes, actor, now, ct, WebhookEvents.PlanChanged);
        return changes;
    }

    /// <summary>
    /// A correction of the patient's day 1 or lesions: the plan made again (<see cref="RecordReplanning.SolveAfresh"/>)
    /// for the new day 1, as its next version. Fractions of removed lesions are dropped; misses stay as history.
    /// </summary>
    public static async Task<IReadOnlyList<ChangeResponse>> CorrectedAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, Plan replan, IReadOnlySet<string> kept,
        string reason, Actor actor, Instant now, CancellationToken ct)
    {
        var lesions = replan.Fractions.Select(f => f.LesionId).ToHashSet(StringComparer.Ordinal);
        plan.DayOne = replan.DayOne;
        plan.Fractions.RemoveAll(f => f.Status == FractionStatus.Displaced && !lesions.Contains(f.LesionId));
        var changes = Adopt(plan, replan, kept);
        await SaveAsync(connection, transaction, plan, "plan.replanned", reason, changes, actor, now, ct, WebhookEvents.PlanChanged);
        return changes;
    }

    /// <summary>
    /// Flags the plan for a person (R1, R5) and saves it. Nothing moves; <paramref name="displaced"/>
    /// (fractions whose slot was taken and that no plan can replace) give their slot up.
    /// </summary>
    public static async Task NeedsAttentionAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, string reason,
        IReadOnlyCollection<FractionRecord> displaced, Actor actor, Instant now, CancellationToken ct)
    {
        Flag(plan, reason, displaced);
        await SaveAsync(connection, transaction, plan, "plan.needsAttention", reason, null, actor, now, ct, WebhookEvents.PlanNeedsAttention);
    }

    /// <summary>Records a delivered fraction: the plan becomes active, or completed after the last one.</summary>
    public static async Task DeliveredAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, FractionRecord fraction, Instant at, string? reason,
        Actor actor, Instant now, CancellationToken ct)
    {
        Record(fraction, FractionStatus.Delivered, at, reason);
        plan.Status = plan.Status switch
        {
            PlanStatus.NeedsAttention => PlanStatus.NeedsAttention,
            _ when plan.Fractions.Any(f => f.Status is FractionStatus.Planned or FractionStatus.Displaced) => PlanStatus.Active,
            _ => PlanStatus.Completed,
        };
        await SaveAsync(connection, transaction, plan, "fraction.delivered", reason, null, actor, now, ct, WebhookEvents.FractionDelivered);
    }

    /// <summary>
    /// Records misses and re-plans what remains at once, as one version (R4). A miss is a fact and
    /// always stands; when no re-plan fits, the plan keeps its other fractions and needs a person (R5).
    /// </summary>
    public static async Task<IReadOnlyList<ChangeResponse>> MissedAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan,
        IReadOnlyList<(FractionRecord Fraction, Instant At)> missed, string reason, Actor actor, Instant now, CancellationToken ct)
    {
        foreach (var (fraction, at) in missed)
        {
            Record(fraction, FractionStatus.Missed, at, reason);
        }

        var inputs = await PlanningInputs.ForPlanAsync(connection, transaction, plan, ct);
        var (outcome, kept) = RecordReplanning.Solve(plan, inputs, now);
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
        await SaveAsync(connection, transaction, plan, "fraction.missed", reason, changes, actor, now, ct, WebhookEvents.FractionMissed,
            outcome.IsFeasible ? WebhookEvents.PlanChanged : WebhookEvents.PlanNeedsAttention);
        return changes;
    }

    /// <summary>Flags fractions that have started and have no delivery record (nightly reconciliation).</summary>
    public static async Task UnconfirmedAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, IReadOnlyCollection<FractionRecord> fractions,
        Actor actor, Instant now, CancellationToken ct)
    {
        foreach (var fraction in fractions)
        {
            fraction.UnconfirmedAt = now;
        }

        var which = string.Join(", ", fractions.Select(f => $"fraction {f.Number} of lesion {f.LesionId} at {WireFormat.Format(f.Start, plan.Zone)}"));
        await SaveAsync(connection, transaction, plan, "fraction.unconfirmed", $"Started with no delivery record: {which}.", null, actor, now, ct, WebhookEvents.PlanChanged);
    }

    /// <summary>The core's reason in one line a scheduler reads: its summary, then each violation.</summary>
    public static string Describe(Infeasibility infeasibility) =>
        string.Join(" ", [infeasibility.Summary, .. infeasibility.Violations.Select(v => v.Message).Distinct().Take(5)]);

    private static List<ChangeResponse> Adopt(PlanRecord plan, Plan replan, IReadOnlySet<string> kept)
    {
        var changes = RecordReplanning.Adopt(plan, replan, kept);
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

    /// <summary>
    /// Writes the plan's next version, its <paramref name="events"/> and its audit row: the plan as
    /// stored before (read again in this transaction) and as saved, with the fractions that moved.
    /// </summary>
    private static async Task SaveAsync(
        SqliteConnection connection, SqliteTransaction transaction, PlanRecord plan, string action, string? reason,
        IReadOnlyList<ChangeResponse>? changes, Actor actor, Instant now, CancellationToken ct, params string[] events)
    {
        var before = await PlanStore.GetAsync(connection, plan.Id, ct, transaction);
        plan.Version++;
        await PlanStore.UpdateAsync(connection, transaction, plan, now, ct);
        foreach (var type in events)
        {
            await Outbox.WriteAsync(connection, transaction, type, plan.Id, plan.PatientId, plan.Version, now, ct);
        }

        var after = PlanResponses.From(plan, changes ?? Moves(before, plan));
        await AuditTrail.RecordAsync(connection, transaction, actor, now,
            new AuditEntry(action, AuditEntities.Plan, plan.Id, PlanResponses.From(before), after, reason), ct);
    }

    /// <summary>Booked fractions that are new or sit on another slot than before.</summary>
    private static List<ChangeResponse> Moves(PlanRecord before, PlanRecord after)
    {
        SlotRef Slot(FractionRecord f) => new(f.LinacId, WireFormat.Format(f.Start, after.Zone));
        var was = before.Fractions.ToDictionary(f => f.Id);
        return [.. after.Booked
            .Where(f => !was.TryGetValue(f.Id, out var old) || old.LinacId != f.LinacId || old.Start != f.Start)
            .Select(f => new ChangeResponse(f.Id, was.TryGetValue(f.Id, out var old) ? Slot(old) : null, Slot(f)))];
    }
}
