using System.Collections.Concurrent;
using Cimer.Sbrt.Scheduling;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// The slots of plan creations this process has decided and not yet written. Plan creations decide on
/// snapshots, side by side (<see cref="Data.Database.DecideThenWriteAsync{TDecision}"/>); patients of one
/// week at one center all want the same best slots, so without this nearly every concurrent decision but
/// one took a slot another had just taken, failed on the unique slot index and was decided again under the
/// write gate, read and solved twice and holding the gate through its second solve. A decision treats the
/// slots held here by the others as booked, and holds its own until its write is over (written or not).
/// <para>
/// Read before the snapshot: a hold released by its commit before then is in the snapshot, so every slot
/// taken, pending or committed, is seen. Only this process's creations are here; another instance's
/// collide on the unique index as before. A hold only narrows what a decision sees, so a plan decided
/// around it breaks no rule; should the holder's write then fail, the plan may have passed over a slot
/// that ends up free, as it would have had the two arrived the other way round. A decision that finds
/// no room around the holds is made again on the database alone, so a hold never makes a plan refused.
/// </para>
/// </summary>
internal static class PendingPlans
{
    private static readonly ConcurrentDictionary<object, Held> HeldSlots = new();

    /// <summary>What one holder holds: slots at one center.</summary>
    public sealed record Held(string CenterId, IReadOnlyList<Booking> Bookings);

    /// <summary>A new holder, for one request's decisions.</summary>
    public static object NewHolder() => new();

    /// <summary>What every other holder holds now, at any center (taken before the snapshot is).</summary>
    public static IReadOnlyList<Held> Others(object holder) =>
        [.. HeldSlots.Where(h => !ReferenceEquals(h.Key, holder)).Select(h => h.Value)];

    /// <summary>Holds the slots of <paramref name="plan"/> for <paramref name="holder"/>, replacing what it held.</summary>
    public static void Hold(object holder, string centerId, Plan plan) =>
        Hold(holder, centerId, [.. plan.Fractions.Select(f => new Booking(f.LinacId, f.Start.ToInstant(), f.End.ToInstant()))]);

    /// <summary>Holds <paramref name="slots"/> at <paramref name="centerId"/> for <paramref name="holder"/>, replacing what it held.</summary>
    public static void Hold(object holder, string centerId, IReadOnlyList<Booking> slots) => HeldSlots[holder] = new(centerId, slots);

    /// <summary>Lets go of what <paramref name="holder"/> held.</summary>
    public static void Release(object holder) => HeldSlots.TryRemove(holder, out _);

    /// <summary>
    /// <paramref name="request"/> with the slots others hold at <paramref name="centerId"/> added to its bookings
    /// (a slot already booked is not added twice), or null when they hold none there.
    /// </summary>
    public static PlanRequest? Around(PlanRequest request, string centerId, IReadOnlyList<Held> others)
    {
        var held = others.Where(o => o.CenterId == centerId).SelectMany(o => o.Bookings).ToList();
        if (held.Count == 0)
        {
            return null;
        }

        var booked = request.Bookings.Select(b => (b.LinacId, b.Start)).ToHashSet();
        return request with { Bookings = [.. request.Bookings, .. held.Where(b => booked.Add((b.LinacId, b.Start)))] };
    }
}
