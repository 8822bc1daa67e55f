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

    /// <summary>
    /// A stored UTC instant. The service stores whole seconds ("2026-12-07T14:00:00Z"), and every plan
    /// decision reads thousands of them, so that shape is read by hand; any other (fractions of a
    /// second, as older rows may have) goes through <see cref="Utc"/>.
    /// </summary>
    public static Instant FromUtc(string text) => WholeSecondsUtc(text) ?? Utc.Parse(text).Value;

    private static Instant? WholeSecondsUtc(string text)
    {
        if (text.Length != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
        {
            return null;
        }

        var (year, month, day) = (Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2));
        var (hour, minute, second) = (Digits(text, 11, 2), Digits(text, 14, 2), Digits(text, 17, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            return null;
        }

        return Instant.FromUtc(year, month, day, hour, minute, second);
    }

    /// <summary>The number <paramref name="length"/> digits at <paramref name="start"/> spell, or -1.</summary>
    private static int Digits(string text, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return -1;
            }

            value = value * 10 + digit;
        }

        return value;
    }
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
