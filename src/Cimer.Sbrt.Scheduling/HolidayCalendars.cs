using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// Named holiday calendars a center can follow. Pure: closures are computed from the calendar's
/// name and a date range, never read from a clock or a file.
/// </summary>
public static class HolidayCalendars
{
    /// <summary>
    /// The eleven US federal holidays on their observed dates: a holiday on a Saturday is observed
    /// on the Friday before, one on a Sunday on the Monday after (5 U.S.C. 6103).
    /// </summary>
    public const string UsFederal = "us-federal";

    /// <summary>The names <see cref="Closures"/> understands.</summary>
    public static IReadOnlyList<string> Names { get; } = [UsFederal];

    /// <summary>True when <paramref name="name"/> is a calendar this class can generate (case-sensitive).</summary>
    public static bool IsKnown(string? name) => name == UsFederal;

    /// <summary>
    /// The calendar's closures whose observed date lies in <paramref name="from"/>..<paramref name="to"/>
    /// (both inclusive), in date order. An empty list when <paramref name="to"/> is before <paramref name="from"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The calendar name is unknown.</exception>
    public static IReadOnlyList<Closure> Closures(string name, LocalDate from, LocalDate to)
    {
        if (!IsKnown(name))
        {
            throw new ArgumentException($"Unknown holiday calendar '{name}'.", nameof(name));
        }

        var closures = new List<Closure>();
        if (to < from)
        {
            return closures;
        }

        // Observed dates move by at most a day, so a holiday of the year after `to` can land inside
        // the range (New Year's Day on a Saturday is observed on December 31).
        for (var year = from.Year - 1; year <= to.Year + 1; year++)
        {
            foreach (var (date, reason) in UsFederalHolidays(year))
            {
                var observed = Observed(date);
                if (observed >= from && observed <= to)
                {
                    closures.Add(new Closure(observed, reason));
                }
            }
        }

        closures.Sort((a, b) => a.Date.CompareTo(b.Date));
        return closures;
    }

    private static IEnumerable<(LocalDate Date, string Reason)> UsFederalHolidays(int year)
    {
        yield return (new LocalDate(year, 1, 1), "New Year's Day");
        yield return (Nth(year, 1, IsoDayOfWeek.Monday, 3), "Birthday of Martin Luther King, Jr.");
        yield return (Nth(year, 2, IsoDayOfWeek.Monday, 3), "Washington's Birthday");
        yield return (Last(year, 5, IsoDayOfWeek.Monday), "Memorial Day");
        yield return (new LocalDate(year, 6, 19), "Juneteenth National Independence Day");
        yield return (new LocalDate(year, 7, 4), "Independence Day");
        yield return (Nth(year, 9, IsoDayOfWeek.Monday, 1), "Labor Day");
        yield return (Nth(year, 10, IsoDayOfWeek.Monday, 2), "Columbus Day");
        yield return (new LocalDate(year, 11, 11), "Veterans Day");
        yield return (Nth(year, 11, IsoDayOfWeek.Thursday, 4), "Thanksgiving Day");
        yield return (new LocalDate(year, 12, 25), "Christmas Day");
    }

    private static LocalDate Observed(LocalDate date) => date.DayOfWeek switch
    {
        IsoDayOfWeek.Saturday => date.PlusDays(-1),
        IsoDayOfWeek.Sunday => date.PlusDays(1),
        _ => date,
    };

    private static LocalDate Nth(int year, int month, IsoDayOfWeek day, int n)
    {
        var first = new LocalDate(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.PlusDays(offset + (7 * (n - 1)));
    }

    private static LocalDate Last(int year, int month, IsoDayOfWeek day)
    {
        var last = new LocalDate(year, month, 1).PlusMonths(1).PlusDays(-1);
        var offset = ((int)last.DayOfWeek - (int)day + 7) % 7;
        return last.PlusDays(-offset);
    }
}
