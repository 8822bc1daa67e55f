using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Slots;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Hl7.Fhir.Utility;
using NodaTime;
using NodaTime.Text;
using FhirSlot = Hl7.Fhir.Model.Slot;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>
/// Slots are not stored: they are the center's slot grid as the slots feed and the board read it
/// (<see cref="CenterSlots"/>, <see cref="SlotGrid.Cells"/>), each cell's state mapped by <see cref="Status"/>.
/// An id is the linac's id and the slot's UTC start (<c>{linacId}-20261207T1400Z</c>), so it is stable and derivable.
/// </summary>
internal static class FhirSlots
{
    /// <summary>Default and longest range of one search, in days.</summary>
    public const int DefaultDays = 14, MaxDays = 93;

    public static readonly IReadOnlyList<string> Statuses = ["busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error"];

    private static readonly InstantPattern IdStart = InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmm'Z'");

    public static string Id(string linacId, Instant start) => $"{linacId}-{IdStart.Format(start)}";

    public static async Task<IReadOnlyList<FhirSlot>> SearchAsync(
        DbConnection connection, string? linacId, IReadOnlyList<DateParameter> start, IReadOnlySet<string>? statuses, Instant now, CancellationToken ct)
    {
        Range(start, DateTimeZone.Utc, now); // a bad range is a 400 whatever the data
        var linacs = await FhirStore.LinacsAsync(connection, linacId, ct);
        var slots = new List<FhirSlot>();
        foreach (var center in linacs.GroupBy(l => l.CenterId))
        {
            var zone = DateTimeZoneProviders.Tzdb[center.First().TimeZone];
            var (low, high) = Range(start, zone, now);
            var found = await OnCenterAsync(connection, center.Key, center.Select(l => l.Id).ToHashSet(StringComparer.Ordinal), low, high, ct);
            slots.AddRange(found.Where(s => statuses is null || statuses.Contains(EnumUtility.GetLiteral(s.Status) ?? "")));
        }

        return [.. slots.OrderBy(s => s.Start).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    public static async Task<FhirSlot> ReadAsync(DbConnection connection, string id, CancellationToken ct)
    {
        var dash = id.LastIndexOf('-');
        var linacId = dash > 0 ? id[..dash] : "";
        var start = dash > 0 ? IdStart.Parse(id[(dash + 1)..]) : null;
        if (start is { Success: true } && !RequestYears.Contains(start.Value))
        {
            throw FhirException.Invalid($"Slot id '{id}' starts out of bounds: {RequestYears.Rule}");
        }

        var linac = start is { Success: true } ? (await FhirStore.LinacsAsync(connection, linacId, ct)).SingleOrDefault() : null;
        if (linac is null)
        {
            throw FhirException.NotFound("Slot", id);
        }

        var at = start!.Value;
        var found = await OnCenterAsync(connection, linac.CenterId, new HashSet<string>(StringComparer.Ordinal) { linac.Id }, at, at + Duration.FromTicks(1), ct);
        return found.SingleOrDefault() ?? throw FhirException.NotFound("Slot", id);
    }

    /// <summary>[low, high) from the start parameters, defaulting to today and the next 14 days, at most 93 days.</summary>
    private static (Instant Low, Instant High) Range(IReadOnlyList<DateParameter> start, DateTimeZone zone, Instant now)
    {
        var (low, high) = DateParameter.Window(start, zone);
        if (low == Instant.MinValue)
        {
            low = high == Instant.MaxValue ? now.InZone(zone).Date.AtStartOfDayInZone(zone).ToInstant() : high - Duration.FromDays(DefaultDays);
        }

        if (high == Instant.MaxValue)
        {
            high = low + Duration.FromDays(DefaultDays);
        }

        if (high - low > Duration.FromDays(MaxDays) + Duration.FromHours(1))
        {
            throw FhirException.Invalid($"start: a Slot search covers at most {MaxDays} days; give start=ge...&start=lt... closer together.");
        }

        return (low, high);
    }

    /// <summary>
    /// The slots of <paramref name="linacIds"/> starting in [low, high), with their status: the one
    /// function behind both a search and a read, so the two cannot tell a slot apart.
    /// </summary>
    private static async Task<IReadOnlyList<FhirSlot>> OnCenterAsync(
        DbConnection connection, string centerId, HashSet<string> linacIds, Instant low, Instant high, CancellationToken ct)
    {
        if (low >= high)
        {
            return [];
        }

        var center = await CenterStore.GetAsync(connection, centerId, ct);
        var zone = CenterCalendars.Zone(center);
        // The whole days walked, not [low, high): a read asks for [start, start + 1 tick), and a bound
        // that is not a whole second does not compare as text with the stored starts.
        var grid = await CenterSlots.LoadAsync(connection, center, low.InZone(zone).Date, (high - Duration.FromTicks(1)).InZone(zone).Date, ct);
        var names = grid.Linacs.ToDictionary(l => l.Id, l => l.Name, StringComparer.Ordinal);
        return [.. grid.Cells
            .Where(c => linacIds.Contains(c.Slot.LinacId) && c.Slot.Start.ToInstant() >= low && c.Slot.Start.ToInstant() < high)
            .Select(c => ToResource(c, names[c.Slot.LinacId]))];
    }

    /// <summary>
    /// The core's slot state as FHIR R4 says it: <c>busy</c> holds a fraction, <c>busy-unavailable</c> is
    /// blocked from booking by a closure or a downtime (comment says which; a fraction kept there is its
    /// plan's attention), the rest <c>free</c>. The slots feed lists exactly the <c>free</c> and <c>busy</c> ones.
    /// </summary>
    private static (FhirSlot.SlotStatus Status, string? Comment) Status(SlotCell cell) => cell.State switch
    {
        SlotState.Booked => (FhirSlot.SlotStatus.Busy, null),
        SlotState.Closed => (FhirSlot.SlotStatus.BusyUnavailable, $"Center closed: {cell.Closure!.Reason}"),
        SlotState.Down => (FhirSlot.SlotStatus.BusyUnavailable, $"Linac down: {cell.Downtimes[0].Reason}"),
        _ => (FhirSlot.SlotStatus.Free, null),
    };

    private static FhirSlot ToResource(SlotCell cell, string linacName)
    {
        var (status, comment) = Status(cell);
        return new FhirSlot
        {
            Id = Id(cell.Slot.LinacId, cell.Slot.Start.ToInstant()),
            Schedule = new Hl7.Fhir.Model.ResourceReference($"Schedule/{cell.Slot.LinacId}", linacName),
            Status = status,
            Start = cell.Slot.Start.ToDateTimeOffset(),
            End = cell.Slot.End.ToDateTimeOffset(),
            Comment = comment,
        };
    }
}
