using Cimer.Sbrt.Api.Plans;
using NodaTime;

namespace Cimer.Sbrt.Api.Disruptions;

/// <summary>
/// New downtime of one linac, or a new closure of a whole center, as the instants it takes away.
/// </summary>
/// <param name="Kind">"downtime" or "closure", the words deviation causes use.</param>
/// <param name="Id">The downtime's or closure's id.</param>
/// <param name="CenterId">The center whose plans it may touch.</param>
/// <param name="LinacId">The linac that is down; null for a closure (every linac).</param>
/// <param name="Start">First instant taken away.</param>
/// <param name="End">First instant given back (exclusive).</param>
/// <param name="Description">What it is, in words: "TrueBeam 1 down 2026-12-08T08:00..2026-12-08T18:00 (annual QA)".</param>
internal sealed record Disruption(string Kind, string Id, string CenterId, string? LinacId, Instant Start, Instant End, string Description)
{
    public static Disruption Downtime(string id, string centerId, string linacId, LocalDateTime start, LocalDateTime end, DateTimeZone zone, string description) =>
        new("downtime", id, centerId, linacId, start.InZoneLeniently(zone).ToInstant(), end.InZoneLeniently(zone).ToInstant(), description);

    public static Disruption Closure(string id, string centerId, LocalDate date, DateTimeZone zone, string description) =>
        new("closure", id, centerId, null, date.AtStartOfDayInZone(zone).ToInstant(), date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant(), description);

    /// <summary>True when the fraction's slot overlaps what this takes away.</summary>
    public bool Covers(FractionRecord fraction) =>
        (LinacId is null || fraction.LinacId == LinacId) && fraction.Start < End && Start < fraction.End;
}
