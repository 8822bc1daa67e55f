using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>A physicist's edit of one fraction: a new slot (start and/or linac) and/or a pin.</summary>
public sealed record FractionEdit(Instant? Start, string? LinacId, bool? Pinned);

/// <summary>
/// Every change of a booked plan as a pure decision: from the plan as read, what the solver needs around
/// it (<c>around</c>: calendar, linacs, patient and every other plan's bookings) and now, the plan at its
/// next version with its moves and events, or why not. Nothing here reads or writes; the caller reads
/// once, decides here, and writes what is decided.
/// </summary>
public static class PlanLifecycle
{
    /// <summary>A patient's first plan, booked: every fraction gets an id from <paramref name="newId"/>.</summary>
    public static PlanDecision Create(Plan solved, string patientId, string centerId, DateTimeZone zone, int maxFractionsPerDay, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(solved);
        ArgumentNullException.ThrowIfNull(newId);
        var plan = WithOutline(new BookedPlan
        {
            Id = newId(),
            PatientId = patientId,
            CenterId = centerId,
            Zone = zone,
            DayOne = solved.DayOne,
            MaxFractionsPerDay = maxFractionsPerDay,
            Fractions = [.. solved.Fractions.Select(f => new BookedFraction
            {
                Id = newId(),
                LesionId = f.LesionId,
                Number = f.Number,
                DoseGy = f.DoseGy,
                LinacId = f.LinacId,
                Start = f.Start.ToInstant(),
                End = f.End.ToInstant(),
            })],
        }, solved);
        return new PlanDecision(PlanChangeKind.Created, null, plan, [PlanEvent.PlanCreated]) { Solved = solved };
    }

    /// <summary>
    /// Whether the plan (and the fraction, when one is named) may change at all: a cancelled plan and a
    /// recorded fraction are history. Null when it may. A missing fraction is the caller's 404.
    /// </summary>
    public static PlanRefusal? CheckChangeable(BookedPlan plan, string? fractionId = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Status == PlanStatus.Cancelled)
        {
            return new PlanRefusal(RefusalKind.Conflict, "The plan is cancelled; plan the patient again instead.");
        }

        return fractionId is not null && plan.Find(fractionId) is { Status: not FractionStatus.Planned } recorded
            ? new PlanRefusal(RefusalKind.Conflict, $"The fraction is already recorded as {Name(recorded.Status)}: it is history and cannot change.")
            : null;
    }

    /// <summary>
    /// A physicist's edit: the fraction moved to a slot of the center's linacs that no other plan holds
    /// and/or pinned or unpinned; the whole plan is then validated (R2 against the version before).
    /// </summary>
    public static PlanChange Edit(BookedPlan plan, string fractionId, FractionEdit edit, PlanRequest around, string reason, Instant now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(around);
        var fraction = plan.Find(fractionId) ?? throw new ArgumentException($"No fraction '{fractionId}' in plan '{plan.Id}'.", nameof(fractionId));
        var edited = fraction with { Pinned = edit.Pinned ?? fraction.Pinned };
        if (edit.Start is not null || edit.LinacId is not null)
        {
            var linac = around.Linacs.FirstOrDefault(l => l.Id == (edit.LinacId ?? fraction.LinacId));
            if (linac is null)
            {
                return new PlanRefusal(RefusalKind.InvalidField, $"No linac '{edit.LinacId}' at this plan's center.") { Field = "linacId" };
            }

            var start = edit.Start ?? fraction.Start;
            var slot = SlotGrid.On(linac, start.InZone(plan.Zone).Date, plan.Zone).FirstOrDefault(s => s.Start.ToInstant() == start);
            if (slot is null)
            {
                return new PlanRefusal(RefusalKind.InvalidField,
                    $"Not a slot start of {linac.Name}: its slots start at {Words.Time(linac.OpensAt)} every {linac.SlotMinutes} minutes, center time.") { Field = "start" };
            }

            if (around.Bookings.Any(b => b.LinacId == slot.LinacId && b.Start == start))
            {
                return new PlanRefusal(RefusalKind.Conflict, "That slot is booked by another plan.");
            }

            edited = edited with { LinacId = slot.LinacId, Start = slot.Start.ToInstant(), End = slot.End.ToInstant() };
        }

        var after = plan with { Fractions = RemainderReplanning.Renumbered([.. plan.Fractions.Select(f => f.Id == fractionId ? edited : f)]) };
        var request = around with
        {
            MaxFractionsPerDay = plan.MaxFractionsPerDay,
            NotBefore = now,
            Kept = [.. after.Booked.Where(f => f.Status == FractionStatus.Delivered).Select(RemainderReplanning.ToKept)],
            Previous = [.. plan.Booked.Select(f => RemainderReplanning.ToPlanned(f, plan.Zone))],
        };
        var violations = PlanValidator.Validate(request, [.. after.Booked.Select(f => RemainderReplanning.ToPlanned(f, plan.Zone))]);
        if (violations.Count > 0)
        {
            return new PlanRefusal(RefusalKind.BreaksRules,
                $"The change breaks {violations.Count} scheduling rule{(violations.Count == 1 ? "" : "s")}; nothing was changed.")
            {
                Code = "editBreaksRules",
                Violations = violations,
            };
        }

        var (before, past) = Deviation(after);
        return new PlanDecision(PlanChangeKind.Edited, plan, Next(after) with { DaysBefore = before, DaysAfter = past }, [PlanEvent.PlanChanged]) { Reason = reason };
    }

    /// <summary>A re-plan of everything neither delivered nor pinned, from now on (a physicist asked for it).</summary>
    public static PlanChange Replan(BookedPlan plan, PlanRequest around, string reason, Instant now, SlotGridCache grids, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Status == PlanStatus.Completed)
        {
            return new PlanRefusal(RefusalKind.Conflict, "The plan is completed: every fraction was delivered.");
        }

        var (outcome, kept, request) = RemainderReplanning.Solve(plan, around, now, grids);
        return outcome.IsFeasible
            ? Replanned(plan, outcome.Plan, kept, reason, newId) with { OpeningSuggestions = RemainderReplanning.Suggestions(request, outcome.Plan, grids) }
            : PlanChange.NoPlan(outcome.Infeasibility);
    }

    /// <summary>Cancels the plan: its fractions give their slots up (a completed plan has nothing left to cancel).</summary>
    public static PlanChange Cancel(BookedPlan plan, string reason)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Status == PlanStatus.Completed)
        {
            return new PlanRefusal(RefusalKind.Conflict, "The plan is completed: there is nothing left to cancel.");
        }

        var after = plan with { Status = PlanStatus.Cancelled, Fractions = [.. plan.Fractions.Select(f => f with { Cancelled = true })] };
        return new PlanDecision(PlanChangeKind.Cancelled, plan, Next(after), [PlanEvent.PlanCancelled]) { Reason = reason };
    }

    /// <summary>The refusal for recording a fraction at a moment after now, or null.</summary>
    public static PlanRefusal? RecordedInFuture(BookedPlan plan, string fractionId, Instant? at, Instant now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var fraction = plan.Find(fractionId) ?? throw new ArgumentException($"No fraction '{fractionId}' in plan '{plan.Id}'.", nameof(fractionId));
        var happened = at ?? fraction.Start;
        return happened <= now
            ? null
            : new PlanRefusal(RefusalKind.BreaksRules,
                $"A fraction cannot be recorded before it happens: {Words.Moment(happened, plan.Zone)} is after now ({Words.Moment(now, plan.Zone)}).")
            {
                Code = "deliveryInFuture",
                Violations = [new Violation(Rules.NotInPast, "The delivery moment is in the future.")
                {
                    FractionId = fraction.Id,
                    LesionId = fraction.LesionId,
                    Date = happened.InZone(plan.Zone).Date,
                }],
            };
    }

    /// <summary>Records a delivered fraction (at its start unless <paramref name="at"/>): the plan becomes active, or completed after the last one.</summary>
    public static PlanChange Deliver(BookedPlan plan, string fractionId, Instant? at, string? reason, Instant now)
    {
        if (RecordedInFuture(plan, fractionId, at, now) is { } refusal)
        {
            return refusal;
        }

        var fractions = plan.Fractions.Select(f => f.Id == fractionId ? Recorded(f, FractionStatus.Delivered, at ?? f.Start, reason) : f).ToList();
        var status = plan.Status switch
        {
            PlanStatus.NeedsAttention => PlanStatus.NeedsAttention,
            _ when fractions.Any(f => f.Status is FractionStatus.Planned or FractionStatus.Displaced) => PlanStatus.Active,
            _ => PlanStatus.Completed,
        };
        return new PlanDecision(PlanChangeKind.Delivered, plan, Next(plan with { Fractions = fractions, Status = status }), [PlanEvent.FractionDelivered]) { Reason = reason };
    }

    /// <summary>
    /// Records misses and re-plans what remains at once, as one version (R4). A miss is a fact and always
    /// stands; when no re-plan fits, the plan keeps its other fractions and needs a person (R5).
    /// </summary>
    public static PlanChange Miss(
        BookedPlan plan, IReadOnlyList<(string FractionId, Instant? At)> missed, PlanRequest around, string reason, Instant now,
        SlotGridCache grids, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(missed);
        foreach (var (fractionId, at) in missed)
        {
            if (RecordedInFuture(plan, fractionId, at, now) is { } refusal)
            {
                return refusal;
            }
        }

        var times = missed.ToDictionary(m => m.FractionId, m => m.At);
        var recorded = plan with
        {
            Fractions = [.. plan.Fractions.Select(f => times.TryGetValue(f.Id, out var at) ? Recorded(f, FractionStatus.Missed, at ?? f.Start, reason) : f)],
        };
        var (outcome, kept, request) = RemainderReplanning.Solve(recorded, around, now, grids);
        if (outcome.IsFeasible)
        {
            var (fractions, moves) = RemainderReplanning.Adopt(recorded, outcome.Plan, kept, newId);
            var after = WithOutline(Unflagged(recorded with { Fractions = fractions }), outcome.Plan);
            return new PlanDecision(PlanChangeKind.Missed, plan, Next(after), [PlanEvent.FractionMissed, PlanEvent.PlanChanged])
            {
                Reason = reason,
                Changes = moves,
                Solved = outcome.Plan,
                OpeningSuggestions = RemainderReplanning.Suggestions(request, outcome.Plan, grids),
            };
        }

        var which = string.Join(", ", missed.Select(m => plan.Find(m.FractionId)!).Select(f => $"fraction {f.Number} of lesion {f.LesionId}"));
        var flagged = Flagged(recorded, $"Missed {which} and no re-plan fits: {Describe(outcome.Infeasibility)}", []);
        return new PlanDecision(PlanChangeKind.Missed, plan, Next(flagged), [PlanEvent.FractionMissed, PlanEvent.PlanNeedsAttention])
        {
            Reason = reason,
            Changes = [],
            OpeningSuggestions = RemainderReplanning.Suggestions(request, null, grids),
        };
    }

    /// <summary>Flags fractions that have started and have no delivery record (the nightly reconciliation), or null when none is new.</summary>
    public static PlanDecision? Unconfirmed(BookedPlan plan, Instant now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var fresh = Unrecorded(plan, now).Where(f => f.UnconfirmedAt is null).Select(f => f.Id).ToHashSet();
        if (fresh.Count == 0)
        {
            return null;
        }

        var after = plan with { Fractions = [.. plan.Fractions.Select(f => fresh.Contains(f.Id) ? f with { UnconfirmedAt = now } : f)] };
        var which = string.Join(", ", plan.Fractions.Where(f => fresh.Contains(f.Id))
            .Select(f => $"fraction {f.Number} of lesion {f.LesionId} at {Words.Moment(f.Start, plan.Zone)}"));
        return new PlanDecision(PlanChangeKind.Unconfirmed, plan, Next(after), [PlanEvent.PlanChanged])
        {
            Reason = $"Started with no delivery record: {which}.",
        };
    }

    /// <summary>Fractions that have started and have no delivery record.</summary>
    public static IEnumerable<BookedFraction> Unrecorded(BookedPlan plan, Instant now) =>
        plan.Fractions.Where(f => f.Status == FractionStatus.Planned && !f.Cancelled && f.Start < now);

    /// <summary>
    /// Why the patient's day 1 or lesions cannot be corrected now that this plan exists, or null: a
    /// fraction has started with no delivery record (it may have been given: record it first).
    /// </summary>
    public static PlanRefusal? CorrectionRefusal(BookedPlan? plan, Instant now) =>
        plan?.Booked.Where(f => f.Start <= now).MinBy(f => f.Start) is { } started
            ? new PlanRefusal(RefusalKind.Conflict,
                $"Fraction {started.Number} of lesion {started.LesionId} started at {Words.Moment(started.Start, plan.Zone)} and has no delivery record: record it delivered or missed before correcting the patient.")
            : null;

    /// <summary>
    /// A correction of the patient's day 1 or lesions (<paramref name="around"/> holds the corrected
    /// patient): the plan made again as a first plan for the new day 1, as its next version. Fractions of
    /// removed lesions are dropped; misses stay as history.
    /// </summary>
    public static PlanChange Correct(BookedPlan plan, PlanRequest around, string reason, Instant now, SlotGridCache grids, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(around);
        var (outcome, kept) = RemainderReplanning.SolveAfresh(plan, around, now, grids);
        if (!outcome.IsFeasible)
        {
            return PlanChange.NoPlan(outcome.Infeasibility);
        }

        var lesions = outcome.Plan.Fractions.Select(f => f.LesionId).ToHashSet(StringComparer.Ordinal);
        var corrected = plan with
        {
            DayOne = outcome.Plan.DayOne,
            Fractions = [.. plan.Fractions.Where(f => f.Status != FractionStatus.Displaced || lesions.Contains(f.LesionId))],
        };
        return Replanned(corrected, outcome.Plan, kept, reason, newId) with { Before = plan };
    }

    /// <summary>Flags the plan for a person (R1, R5); nothing moves, and <paramref name="displaced"/> give their slot up.</summary>
    public static PlanDecision NeedsAttention(BookedPlan plan, string reason, IReadOnlyCollection<string> displaced)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new PlanDecision(PlanChangeKind.NeedsAttention, plan, Next(Flagged(plan, reason, displaced)), [PlanEvent.PlanNeedsAttention]) { Reason = reason };
    }

    /// <summary>The core's reason in one line a scheduler reads: its summary, then each violation.</summary>
    public static string Describe(Infeasibility infeasibility)
    {
        ArgumentNullException.ThrowIfNull(infeasibility);
        return string.Join(" ", [infeasibility.Summary, .. infeasibility.Violations.Select(v => v.Message).Distinct().Take(5)]);
    }

    /// <summary>Booked fractions of <paramref name="after"/> that are new or sit on another slot than in <paramref name="before"/>.</summary>
    public static IReadOnlyList<FractionMove> MovesBetween(BookedPlan? before, BookedPlan after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var was = before?.Fractions.ToDictionary(f => f.Id) ?? [];
        return [.. after.Booked
            .Where(f => !was.TryGetValue(f.Id, out var old) || old.LinacId != f.LinacId || old.Start != f.Start)
            .Select(f => new FractionMove(f.Id, was.TryGetValue(f.Id, out var old) ? old.Slot : null, f.Slot))];
    }

    /// <summary>The moved plan as a re-plan decision: what remains where the solver put it.</summary>
    internal static PlanDecision Replanned(BookedPlan plan, Plan solved, IReadOnlySet<string> kept, string reason, Func<string> newId)
    {
        var (fractions, moves) = RemainderReplanning.Adopt(plan, solved, kept, newId);
        var after = WithOutline(Unflagged(plan with { Fractions = fractions }), solved);
        return new PlanDecision(PlanChangeKind.Replanned, plan, Next(after), [PlanEvent.PlanChanged])
        {
            Reason = reason,
            Changes = moves,
            Solved = solved,
        };
    }

    /// <summary>The next version of a changed plan.</summary>
    private static BookedPlan Next(BookedPlan plan) => plan with { Version = plan.Version + 1 };

    /// <summary>Active once a fraction was delivered, else draft; the attention reason is cleared.</summary>
    private static BookedPlan Unflagged(BookedPlan plan) => plan with
    {
        Status = plan.Fractions.Any(f => f.Status == FractionStatus.Delivered) ? PlanStatus.Active : PlanStatus.Draft,
        AttentionReason = null,
    };

    private static BookedPlan Flagged(BookedPlan plan, string reason, IReadOnlyCollection<string> displaced) => plan with
    {
        Status = PlanStatus.NeedsAttention,
        AttentionReason = reason,
        Fractions = [.. plan.Fractions.Select(f => displaced.Contains(f.Id) ? f with { Status = FractionStatus.Displaced } : f)],
    };

    private static BookedPlan WithOutline(BookedPlan plan, Plan solved) => plan with
    {
        WindowStart = solved.Window.Start,
        WindowEnd = solved.Window.End,
        DaysBefore = solved.Window.DaysBefore,
        DaysAfter = solved.Window.DaysAfter,
    };

    private static BookedFraction Recorded(BookedFraction fraction, FractionStatus status, Instant at, string? reason) =>
        fraction with { Status = status, RecordedAt = at, RecordedReason = reason };

    /// <summary>Days the booked fractions reach before D1 and after the last day of W0 (within the plan's window).</summary>
    private static (int Before, int After) Deviation(BookedPlan plan)
    {
        var dates = plan.Booked.Select(f => f.Start.InZone(plan.Zone).Date).Order().ToList();
        if (dates.Count == 0)
        {
            return (0, 0);
        }

        var (_, lastOfW0) = Windows.Nominal(plan.DayOne);
        var last = dates[^1] > plan.WindowEnd ? plan.WindowEnd : dates[^1];
        return (Math.Max(0, Period.DaysBetween(dates[0], plan.DayOne)), Math.Max(0, Period.DaysBetween(lastOfW0, last)));
    }

    private static string Name(FractionStatus status) => status switch
    {
        FractionStatus.Planned => "planned",
        FractionStatus.Delivered => "delivered",
        FractionStatus.Missed => "missed",
        _ => "displaced",
    };
}
