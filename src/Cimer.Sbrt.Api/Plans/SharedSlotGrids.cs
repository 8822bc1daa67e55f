using Cimer.Sbrt.Scheduling;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// The slot grids every request shares. A grid is a pure function of a linac's hours, its slot length,
/// the zone and the date (no bookings, no downtime), so one cut serves every later plan, re-plan and
/// start-date search; otherwise each request cuts them again through the time zone (20 linacs of 72
/// slots over the 36 days a plan reads are 52,000 slots). At most 20,000 grids are kept (about 75 MB
/// of 72-slot days); past that the cache starts over.
/// </summary>
internal static class SharedSlotGrids
{
    public static readonly SlotGridCache Cache = new(capacity: 20_000);
}
