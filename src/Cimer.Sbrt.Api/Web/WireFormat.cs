using NodaTime;
using NodaTime.Text;

namespace Cimer.Sbrt.Api.Web;

/// <summary>
/// The text forms of the contract: local date "2026-12-07", local time "08:00", local date-time
/// "2026-12-08T08:00", moment "2026-12-07T09:00:00-05:00" (with the center's offset), and UTC
/// instants for storage.
/// </summary>
internal static class WireFormat
{
    public static readonly LocalDatePattern Date = LocalDatePattern.Iso;
    public static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");
    public static readonly LocalDateTimePattern DateTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    public static readonly OffsetDateTimePattern Moment = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");
    public static readonly InstantPattern Utc = InstantPattern.ExtendedIso;

    /// <summary>UTC with exactly three decimals, for instants a query orders or compares as text (audit, idempotency).</summary>
    public static readonly InstantPattern UtcMillis = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'");

    private static readonly LocalDateTimePattern DateTimeWithSeconds = LocalDateTimePattern.ExtendedIso;
    private static readonly OffsetDateTimePattern MomentWithFraction = OffsetDateTimePattern.ExtendedIso;

    public static string Format(LocalDate date) => Date.Format(date);
    public static string Format(LocalTime time) => Time.Format(time);
    public static string Format(LocalDateTime dateTime) => DateTime.Format(dateTime);
    public static string Format(Instant instant, DateTimeZone zone) => Moment.Format(instant.InZone(zone).ToOffsetDateTime());
    public static string Format(ZonedDateTime moment) => Moment.Format(moment.ToOffsetDateTime());
    public static string ToUtc(Instant instant) => Utc.Format(instant);
    public static string ToUtcMillis(Instant instant) => UtcMillis.Format(instant);

    public static Instant FromUtc(string text) => Utc.Parse(text).Value;

    public static LocalDate ParseDate(string text) => Date.Parse(text).Value;
    public static LocalTime ParseTime(string text) => Time.Parse(text).Value;
    public static LocalDateTime ParseDateTime(string text) => DateTime.Parse(text).Value;

    public static ParseResult<LocalDateTime> TryDateTime(string text)
    {
        var result = DateTime.Parse(text);
        return result.Success ? result : DateTimeWithSeconds.Parse(text);
    }

    public static ParseResult<OffsetDateTime> TryMoment(string text)
    {
        var result = Moment.Parse(text);
        return result.Success ? result : MomentWithFraction.Parse(text);
    }
}
