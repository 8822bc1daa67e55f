using Cimer.Sbrt.Api.Plans;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// The events a plan write causes, decided from the plan before and after it (no I/O). Every write
/// causes at least one: facts first (a fraction delivered or missed), then what became of the plan
/// (cancelled, needs attention), and <c>plan.changed</c> when fractions moved, appeared or went, or
/// when nothing more specific describes the new version (a pin, say).
/// </summary>
internal static class PlanEvents
{
    public static IReadOnlyList<PlanEvent> Between(StoredPlan before, PlanRecord after)
    {
        if (before.Status is null)
        {
            return [new PlanEvent(WebhookEvents.PlanCreated)];
        }

        var events = new List<PlanEvent>();
        foreach (var fraction in after.Fractions.OrderBy(f => f.Start))
        {
            var was = before.Fractions.GetValueOrDefault(fraction.Id)?.Status;
            if (fraction.Status == FractionStatus.Delivered && was != "delivered")
            {
                events.Add(new PlanEvent(WebhookEvents.FractionDelivered, fraction.Id));
            }
            else if (fraction.Status == FractionStatus.Missed && was != "missed")
            {
                events.Add(new PlanEvent(WebhookEvents.FractionMissed, fraction.Id));
            }
        }

        if (after.Status == PlanStatus.Cancelled && before.Status != PlanStatus.Cancelled)
        {
            events.Add(new PlanEvent(WebhookEvents.PlanCancelled));
        }
        else if (after.Status == PlanStatus.NeedsAttention && before.Status != PlanStatus.NeedsAttention)
        {
            events.Add(new PlanEvent(WebhookEvents.PlanNeedsAttention));
        }

        if (after.Status != PlanStatus.Cancelled && (SlotsChanged(before, after) || events.Count == 0))
        {
            events.Add(new PlanEvent(WebhookEvents.PlanChanged));
        }

        return events;
    }

    private static bool SlotsChanged(StoredPlan before, PlanRecord after)
    {
        var booked = after.Booked.ToList();
        var previous = before.Fractions.Values.Where(f => f.HoldsSlot).ToList();
        return booked.Count != previous.Count || booked.Any(f =>
            !before.Fractions.TryGetValue(f.Id, out var was) || !was.HoldsSlot || was.LinacId != f.LinacId
            || was.StartUtc != Web.WireFormat.ToUtc(f.Start));
    }
}
