using NodaTime;

namespace Cimer.Sbrt.Api.Web;

internal static class DateRanges
{
    /// <summary>Adds errors when <paramref name="to"/> is before <paramref name="from"/> or the range is too long.</summary>
    public static void Check(FieldErrors errors, LocalDate from, LocalDate to, int maxDays)
    {
        if (to < from)
        {
            errors.Add("to", "Must not be before from.");
        }
        else if (Period.DaysBetween(from, to) > maxDays)
        {
            errors.Add("to", $"At most {maxDays} days after from.");
        }
    }
}
