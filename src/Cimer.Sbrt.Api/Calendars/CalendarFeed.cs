using System.Globalization;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;

namespace Cimer.Sbrt.Api.Calendars;

/// <summary>Whose calendar: a linac's shows busy blocks only; a patient's names each fraction.</summary>
internal enum CalendarView
{
    Linac,
    Patient,
}

/// <summary>
/// RFC 5545 as calendar clients read it: <c>METHOD:PUBLISH</c>, a name, a refresh interval, a real
/// <c>VTIMEZONE</c> for the center's zone with every time local to it, and one event per fraction
/// whose <c>UID</c> never changes, whose <c>SEQUENCE</c> rises each time it moves, and whose
/// <c>DTSTAMP</c>/<c>LAST-MODIFIED</c> are the moment of that change (so the text only changes when
/// the data does, and its hash is a strong ETag).
/// </summary>
internal static class CalendarFeed
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>How often a client should poll: calendar clients honour one or the other.</summary>
    private const string RefreshInterval = "PT4H";

    public static string Write(CalendarView view, string name, string timeZone, IEnumerable<CalendarFractionRow> fractions)
    {
        var calendar = new Ical.Net.Calendar { Method = "PUBLISH", ProductId = "-//CIMER//Cimer.Sbrt//EN" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", timeZone);
        var refresh = new CalendarProperty("REFRESH-INTERVAL", RefreshInterval);
        refresh.Parameters.Add("VALUE", "DURATION");
        calendar.AddProperty(refresh);
        calendar.AddProperty("X-PUBLISHED-TTL", RefreshInterval);
        calendar.AddTimeZone(timeZone);

        var zone = DateTimeZoneProviders.Tzdb[timeZone];
        foreach (var fraction in fractions)
        {
            calendar.Events.Add(Event(view, fraction, zone));
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent Event(CalendarView view, CalendarFractionRow fraction, DateTimeZone zone)
    {
        var changed = WireFormat.FromUtc(fraction.ChangedUtc).ToDateTimeUtc();
        return new CalendarEvent
        {
            Uid = $"{fraction.Id}.{(view == CalendarView.Linac ? "linac" : "patient")}@cimer-sbrt",
            Sequence = (int)fraction.Sequence,
            DtStart = Local(fraction.StartUtc, zone),
            DtEnd = Local(fraction.EndUtc, zone),
            DtStamp = new CalDateTime(changed, CalDateTime.UtcTzId),
            LastModified = new CalDateTime(changed, CalDateTime.UtcTzId),
            Summary = view == CalendarView.Linac
                ? "Booked"
                : string.Create(CultureInfo.InvariantCulture, $"SBRT fraction {fraction.Number}/{RequestChecks.FractionsPerLesion}, {fraction.LesionLabel}"),
            Location = fraction.LinacName,
            Status = fraction.HoldsSlot ? EventStatus.Confirmed : EventStatus.Cancelled,
            Transparency = fraction.HoldsSlot ? TransparencyType.Opaque : TransparencyType.Transparent,
        };
    }

    private static CalDateTime Local(string utc, DateTimeZone zone) =>
        new(WireFormat.FromUtc(utc).InZone(zone).LocalDateTime.ToDateTimeUnspecified(), zone.Id);
}
