using System.ComponentModel.DataAnnotations;
using Cimer.Sbrt.Api.Disruptions;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Centers;

/// <summary>A day of the week, as the contract spells it.</summary>
internal enum Weekday
{
    Monday = 1,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// <param name="Name">What schedulers call the center.</param>
/// <param name="TimeZone">IANA time zone id, e.g. "America/New_York".</param>
/// <param name="OpenDays">Weekdays the center treats; default Monday to Friday.</param>
/// <param name="HolidayCalendar">null, or "us-federal" to close on the US federal holidays (observed dates).</param>
internal sealed record CreateCenterRequest(
    [property: Required] string? Name,
    [property: Required] string? TimeZone,
    IReadOnlyList<Weekday>? OpenDays,
    string? HolidayCalendar);

[WireExample(CenterExamples.Center)]
internal sealed record CenterResponse(string Id, string Name, string TimeZone, IReadOnlyList<Weekday> OpenDays, string? HolidayCalendar);

/// <param name="Date">The local date the center is closed, e.g. "2026-11-27".</param>
/// <param name="Reason">Why, in words a scheduler reads.</param>
internal sealed record AddClosureRequest([property: Required] string? Date, [property: Required] string? Reason);

/// <param name="Id">Set for manual closures; null for those a holiday calendar generates.</param>
/// <param name="Date">The closed local date.</param>
/// <param name="Reason">Why the center is closed.</param>
/// <param name="Source">"manual", or the holiday calendar's name ("us-federal").</param>
[WireExample(CenterExamples.Closure)]
internal sealed record ClosureResponse(string? Id, string Date, string Reason, string Source);

/// <summary>A manual closure as saved (or, in a dry run, as it would be), with its <c>impact</c>: every plan it touched, re-planned or needing attention.</summary>
internal sealed record ClosureAddedResponse(string Id, string Date, string Reason, string Source, ImpactResponse Impact);
