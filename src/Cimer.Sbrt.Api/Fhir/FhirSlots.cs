using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Hl7.Fhir.Utility;
using NodaTime;
using NodaTime.Text;
using FhirSlot = Hl7.Fhir.Model.Slot;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>
/// Slots are not stored: they are each linac's slot grid on the center's regular open days, over
/// the same bookings, closures and downtimes the scheduler sees. <c>busy</c> holds a fraction,
/// <c>busy-unavailable</c> is in downtime or on a closure, the rest is <c>free</c>. An id is the
/// linac's id and the slot's UTC start (<c>{linacId}-20261207T1400Z</c>), so it is stable and derivable.
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
        var (first, last) = (low.InZone(zone).Date, (high - Duration.FromTicks(1)).InZone(zone).Date);
        var calendar = await CenterCalendars.LoadAsync(connection, center, first, last, ct);
        var linacs = (await LinacStore.SchedulingLinacsAsync(connection, centerId, ct)).Where(l => linacIds.Contains(l.Id)).ToList();
        // Booked over the whole days walked, not [low, high): a read asks for [start, start + 1 tick), and
        // a bound that is not a whole second does not compare as text with the stored starts.
        var booked = (await PlanStore.BookingsAsync(connection, null, centerId, first.AtStartOfDayInZone(zone).ToInstant(), last.PlusDays(1).AtStartOfDayInZone(zone).ToInstant(), ct))
            .Select(b => (b.Booking.LinacId, b.Booking.Start)).ToHashSet();
        var slots = new List<FhirSlot>();
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            var regular = calendar.IsRegularOpenDay(date);
            var closure = calendar.ClosureOn(date);
            foreach (var linac in linacs)
            {
                // An opening's slots are free even on a closed weekday or a closure; a closure's regular slots stay busy-unavailable.
                var openings = SlotGrid.OpeningsOn(linac, date, zone);
                IEnumerable<Scheduling.Slot> day = !regular ? openings
                    : closure is null ? SlotGrid.On(linac, date, zone)
                    : openings.Concat(SlotGrid.On(linac, date, zone).Where(s => !openings.Any(o => o.Start.ToInstant() < s.End.ToInstant() && s.Start.ToInstant() < o.End.ToInstant())))
                        .OrderBy(s => s.Start.ToInstant());
                var opened = openings.Select(s => s.Start.ToInstant()).ToHashSet();
                foreach (var slot in day.Where(s => s.Start.ToInstant() >= low && s.Start.ToInstant() < high))
                {
                    slots.Add(ToResource(linac, slot, booked, opened.Contains(slot.Start.ToInstant()) ? null : closure));
                }
            }
        }

        return slots;
    }

    private static FhirSlot ToResource(Linac linac, Scheduling.Slot slot, HashSet<(string LinacId, Instant Start)> booked, Closure? closure)
    {
        var start = slot.Start.ToInstant();
        var downtime = linac.Downtimes.FirstOrDefault(d => d.Start < slot.End.LocalDateTime && slot.Start.LocalDateTime < d.End);
        var (status, comment) = booked.Contains((linac.Id, start)) ? (FhirSlot.SlotStatus.Busy, null)
            : closure is not null ? (FhirSlot.SlotStatus.BusyUnavailable, $"Center closed: {closure.Reason}")
            : downtime is not null ? (FhirSlot.SlotStatus.BusyUnavailable, $"Linac down: {downtime.Reason}")
            : (FhirSlot.SlotStatus.Free, (string?)null);
        return new FhirSlot
        {
            Id = Id(linac.Id, start),
            Schedule = new Hl7.Fhir.Model.ResourceReference($"Schedule/{linac.Id}", linac.Name),
            Status = status,
            Start = slot.Start.ToDateTimeOffset(),
            End = slot.End.ToDateTimeOffset(),
            Comment = comment,
        };
    }
}
