using System.Data;
using System.Text.Json;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using NodaTime;

namespace Cimer.Sbrt.Api.Centers;

/// <summary>
/// A center's calendar as the solver sees it: its zone, its open days, and its closures, which are
/// the manual ones plus those its holiday calendar generates. The closures feed and the solver
/// read it from here so they never disagree.
/// </summary>
internal static class CenterCalendars
{
    public const string ManualSource = "manual";

    public static DateTimeZone Zone(CenterRow center) => DateTimeZoneProviders.Tzdb[center.TimeZone];

    public static IReadOnlyList<Weekday> OpenDays(CenterRow center) =>
        [.. center.OpenDays.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => Enum.Parse<Weekday>(d, ignoreCase: true)).Order()];

    public static string StoreOpenDays(IEnumerable<Weekday> days) => string.Join(',', days.Distinct().Order().Select(d => JsonNamingPolicy.CamelCase.ConvertName(d.ToString())));

    /// <summary>Every closure in <paramref name="from"/>..<paramref name="to"/>, manual and generated, by date.</summary>
    public static async Task<IReadOnlyList<ClosureResponse>> ClosuresAsync(
        IDbConnection connection, CenterRow center, LocalDate from, LocalDate to, CancellationToken ct, IDbTransaction? transaction = null)
    {
        var manual = await CenterStore.ClosuresAsync(connection, center.Id, WireFormat.Format(from), WireFormat.Format(to), ct, transaction);
        var closures = manual.Select(c => new ClosureResponse(c.Id, c.Date, c.Reason, ManualSource)).ToList();
        if (center.HolidayCalendar is { } calendar && HolidayCalendars.IsKnown(calendar))
        {
            closures.AddRange(HolidayCalendars.Closures(calendar, from, to)
                .Select(c => new ClosureResponse(null, WireFormat.Format(c.Date), c.Reason, calendar)));
        }

        return [.. closures.OrderBy(c => c.Date, StringComparer.Ordinal).ThenBy(c => c.Source == ManualSource ? 0 : 1)];
    }

    /// <summary>The calendar for the solver over <paramref name="from"/>..<paramref name="to"/>.</summary>
    public static async Task<CenterCalendar> LoadAsync(
        IDbConnection connection, CenterRow center, LocalDate from, LocalDate to, CancellationToken ct, IDbTransaction? transaction = null)
    {
        var closures = await ClosuresAsync(connection, center, from, to, ct, transaction);
        return new CenterCalendar(
            Zone(center),
            OpenDays(center).Select(d => (IsoDayOfWeek)(int)d),
            closures.Select(c => new Closure(WireFormat.ParseDate(c.Date), c.Reason) { Id = c.Id }));
    }
}
