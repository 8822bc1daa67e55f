using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Cimer.Sbrt.Scheduling;

/// <summary>How the lifecycle's messages write dates and moments: as the API does, center time with its offset.</summary>
internal static class Words
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");
    private static readonly OffsetDateTimePattern MomentPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    public static string Date(LocalDate date) => DatePattern.Format(date);

    public static string Time(LocalTime time) => TimePattern.Format(time);

    public static string Moment(Instant instant, DateTimeZone zone) => MomentPattern.Format(instant.InZone(zone).ToOffsetDateTime());

    public static string Plural(int count, string one, string many) => count == 1 ? one : many;

    public static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
