using NodaTime;

namespace Cimer.Sbrt.Api.Web;

/// <summary>
/// The one bound on every date, date-time, moment and instant a request brings in (a query, a body,
/// a FHIR search or id, an audit range): a year from <see cref="Min"/> to <see cref="Max"/>, dates a
/// trial can mean. The calendar arithmetic that follows (a year of closures, D1+19, 62 days of start
/// dates, 93 days of slots, a zone's offset) then never reaches the ends of what NodaTime represents,
/// so a date out of bounds is a 400, never an overflow.
/// </summary>
internal static class RequestYears
{
    public const int Min = 1900, Max = 2999;

    /// <summary>What a refusal says: every one names the bound the same way.</summary>
    public static readonly string Rule = $"A year from {Min} to {Max}.";

    /// <summary>The first instant in bounds, and the first one after them (UTC years).</summary>
    private static readonly Instant Earliest = Instant.FromUtc(Min, 1, 1, 0, 0), AfterLatest = Instant.FromUtc(Max + 1, 1, 1, 0, 0);

    public static bool Contains(int year) => year is >= Min and <= Max;

    public static bool Contains(LocalDate date) => Contains(date.Year);

    public static bool Contains(LocalDateTime dateTime) => Contains(dateTime.Year);

    /// <summary>A moment by its local year: checked before it becomes an instant, which is where an offset overflows.</summary>
    public static bool Contains(OffsetDateTime moment) => Contains(moment.Year);

    public static bool Contains(Instant instant) => instant >= Earliest && instant < AfterLatest;
}
