namespace Cimer.Sbrt.Scheduling;

/// <summary>A plan of a center with the patient the solver plans it for.</summary>
public sealed record PlanAround(BookedPlan Plan, Patient Patient);

/// <summary>A slot held by a plan.</summary>
public sealed record PlanBooking(string PlanId, Booking Booking);

/// <summary>
/// Every slot held at a center, by plan, kept up to date in memory while a batch decides one plan after
/// another: each plan is planned around the others as they stand, earlier decisions of the batch included.
/// </summary>
internal sealed class CenterBookings
{
    private readonly Dictionary<string, List<Booking>> byPlan = new(StringComparer.Ordinal);

    public CenterBookings(IEnumerable<PlanBooking> bookings)
    {
        foreach (var booking in bookings)
        {
            if (!byPlan.TryGetValue(booking.PlanId, out var held))
            {
                byPlan[booking.PlanId] = held = [];
            }

            held.Add(booking.Booking);
        }
    }

    /// <summary>What the solver must plan <paramref name="planId"/> around: every other plan's slots.</summary>
    public IReadOnlyList<Booking> Except(string planId) =>
        [.. byPlan.Where(p => !string.Equals(p.Key, planId, StringComparison.Ordinal)).SelectMany(p => p.Value)];

    /// <summary>The plan now holds what <paramref name="plan"/> books.</summary>
    public void Hold(BookedPlan plan) => byPlan[plan.Id] = [.. plan.Bookings];

    public PlanRequest Around(PlanAround plan, CenterCalendar calendar, IReadOnlyList<Linac> linacs) => new()
    {
        Center = calendar,
        Linacs = linacs,
        Patient = plan.Patient,
        Bookings = Except(plan.Plan.Id),
    };
}
