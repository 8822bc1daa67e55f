using NodaTime;

namespace Cimer.Sbrt.Scheduling;

/// <summary>
/// The dates a plan may hold slots on, by its day 1: from D1-2 (rule 3's widened window) to D1+19 (the
/// latest a re-plan with a protocol deviation may run, R5). The solver builds these days and no others
/// for new fractions, so the bookings of other plans on these days are all a decision about the plan
/// depends on: what a caller has to read.
/// </summary>
public static class BookableDays
{
    public static (LocalDate First, LocalDate Last) For(LocalDate dayOne) =>
        (dayOne.PlusDays(-Windows.Tolerance), dayOne.PlusDays(Windows.LastFractionDay));
}
