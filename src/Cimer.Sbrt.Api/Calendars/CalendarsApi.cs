using System.Text;
using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Feeds;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using NodaTime;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Calendars;

internal static class CalendarsApi
{
    /// <summary>A linac feed's default range: from this many days before today...</summary>
    public const int DefaultDaysBack = 30;

    /// <summary>...to this many days after it. A patient feed has no default range: it holds the patient's whole plan.</summary>
    public const int DefaultDaysAhead = 90;

    /// <summary>The longest range a linac feed serves; a patient's fractions are few, so a patient feed has no cap.</summary>
    public const int MaxRangeDays = 400;

    public static RouteGroupBuilder MapCalendars(this IEndpointRouteBuilder routes)
    {
        // Calendar clients cannot send headers: a feed is read with a bearer token of any role or with
        // the feed's own ?token=, both decided by FeedAccess; anything else is the unknown feed's 404.
        var group = routes.MapGroup("").WithTags(ApiTags.Integration).AllowAnonymous();

        group.MapGet("/linacs/{linacId}/calendar.ics", LinacCalendar)
            .WithName(nameof(LinacCalendar))
            .WithSummary("A linac's bookings as an iCalendar feed")
            .WithDescription(Description("One busy block per booked fraction on the linac, with no patient, lesion or dose text.",
                $"`from`/`to` are inclusive center-local dates (default {DefaultDaysBack} days ago to {DefaultDaysAhead} days ahead, at most {MaxRangeDays} days apart)."))
            .RequireFeedAccess(FeedKind.Linac, "linacId")
            .WithCalendarResponses()
            .WithResponseExample(StatusCodes.Status200OK, CalendarExamples.LinacCalendar);

        group.MapGet("/patients/{patientId}/calendar.ics", PatientCalendar)
            .WithName(nameof(PatientCalendar))
            .WithSummary("A patient's fractions as an iCalendar feed")
            .WithDescription(Description("One event per fraction of the patient's plans: \"SBRT fraction 3/5, <lesion label>\" on its linac.",
                "By default every fraction of the patient's plans, however far ahead; `from`/`to` (inclusive center-local dates, either or both) narrow it."))
            .RequireFeedAccess(FeedKind.Patient, "patientId")
            .WithCalendarResponses()
            .WithResponseExample(StatusCodes.Status200OK, CalendarExamples.PatientCalendar);

        return group;
    }

    internal static Task<IResult> LinacCalendar(
        string linacId, string? from, string? to, Database database, IClock clock, HttpContext context, CancellationToken ct) =>
        FeedAsync(context, CalendarView.Linac, linacId, from, to, database, clock, ct);

    internal static Task<IResult> PatientCalendar(
        string patientId, string? from, string? to, Database database, IClock clock, HttpContext context, CancellationToken ct) =>
        FeedAsync(context, CalendarView.Patient, patientId, from, to, database, clock, ct);

    private static async Task<IResult> FeedAsync(
        HttpContext context, CalendarView view, string id, string? from, string? to, Database database, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var errors = new FieldErrors();
        var feed = await database.ReadAsync<(EntityTagHeaderValue ETag, byte[]? Body)?>(async connection =>
        {
            var row = await CalendarStore.OwnerAsync(connection, view, id, ct);
            var zone = DateTimeZoneProviders.Tzdb[row.TimeZone];
            var today = now.InZone(zone).Date;
            var first = errors.Date("from", from, required: false);
            var last = errors.Date("to", to, required: false);
            if (view == CalendarView.Linac)
            {
                // A linac's bookings run on without end, so its feed keeps a horizon; a patient's plan ends.
                first ??= today.PlusDays(-DefaultDaysBack);
                last ??= today.PlusDays(DefaultDaysAhead);
            }

            if (first is { } f && last is { } l)
            {
                DateRanges.Check(errors, f, l, view == CalendarView.Linac ? MaxRangeDays : int.MaxValue);
            }

            if (errors.Any)
            {
                return null;
            }

            var range = new Interval(first?.AtStartOfDayInZone(zone).ToInstant(), last?.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());
            var since = now - PlanStore.DroppedKeptFor;
            // The tag is read before the rows: a write landing between the two leaves an older tag on
            // newer text, which costs the client one more 200, never a 304 that hides a change.
            var etag = CalendarETag.Of(view, row, first, last, await CalendarStore.FingerprintAsync(connection, view, id, range, since, ct));
            if (CalendarETag.Matches(context.Request, etag))
            {
                return (etag, null);
            }

            var events = await CalendarStore.FractionsAsync(connection, view, id, range, since, ct);
            var name = view == CalendarView.Linac ? $"{row.Name} ({row.CenterName}): SBRT bookings" : $"{row.Name}: SBRT fractions";
            return (etag, Encoding.UTF8.GetBytes(CalendarFeed.Write(view, name, row.TimeZone, events)));
        });
        if (feed is not { } written)
        {
            return errors.ToProblem();
        }

        context.Response.Headers.ETag = written.ETag.ToString();
        context.Response.Headers.CacheControl = "private, no-cache";
        return written.Body is { } body
            ? TypedResults.Bytes(body, CalendarFeed.ContentType)
            : TypedResults.StatusCode(StatusCodes.Status304NotModified);
    }

    private static string Description(string what, string range) =>
        $"{what} RFC 5545 with METHOD:PUBLISH, X-WR-CALNAME, REFRESH-INTERVAL, a VTIMEZONE for the center's zone and times local to it. "
        + "UIDs are stable per fraction; SEQUENCE rises each time a fraction moves; a fraction whose plan was cancelled, that was missed or that a re-plan dropped stays 30 days as STATUS:CANCELLED. "
        + $"{range} "
        + "The strong ETag changes only with the content: send it as If-None-Match to get 304.";

    private static RouteHandlerBuilder WithCalendarResponses(this RouteHandlerBuilder builder) =>
        builder.Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
