using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.StartDates;

internal static class StartDatesApi
{
    public static RouteGroupBuilder MapStartDates(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/centers/{centerId}/start-dates").WithTags(ApiTags.Days);

        group.MapGet("/", FindStartDates)
            .WithName(nameof(FindStartDates))
            .RequireAuthorization(Policies.Schedule)
            .WithResponseExample(StatusCodes.Status200OK, DaysExamples.StartDates)
            .WithSummary("When could a patient start?")
            .WithDescription($"For each candidate day 1 in `from`..`to` (inclusive local dates; default today and 27 days on; at most {Scheduling.StartDates.MaxRangeDays} days apart), the best plan an arm-2 patient with `lesions` lesions (1 to 5) would get around today's bookings at the center, with at most `maxFractionsPerDay` fractions a visit (1 to 5, default 3): feasible or not, its deviation, span and visits, or the reason there is none. Books nothing; the center's bookings are read once for the whole range.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    /// <summary>One option per candidate day 1; books nothing.</summary>
    /// <param name="centerId">The center.</param>
    /// <param name="lesions">Lesions the patient has, 1 to 5 (required).</param>
    /// <param name="from">First candidate day 1, a local date "2027-01-04"; default today.</param>
    /// <param name="to">Last candidate day 1, inclusive; default 27 days after from; at most 62 days after it.</param>
    /// <param name="maxFractionsPerDay">At most this many fractions a visit, 1 to 5; default 3.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now: only slots after it are offered.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Ok<IReadOnlyList<StartDateResponse>>, ValidationProblem>> FindStartDates(
        string centerId, int? lesions, string? from, string? to, int? maxFractionsPerDay, Database database, IClock clock, CancellationToken ct)
    {
        return await database.ReadAsync<Results<Ok<IReadOnlyList<StartDateResponse>>, ValidationProblem>>(async connection =>
        {
            var center = await CenterStore.GetAsync(connection, centerId, ct);
            var zone = CenterCalendars.Zone(center);
            var now = clock.GetCurrentInstant();
            var errors = new FieldErrors();
            var first = errors.Date("from", from, required: false) ?? now.InZone(zone).Date;
            var last = errors.Date("to", to, required: false) ?? first.PlusDays(27);
            DateRanges.Check(errors, first, last, Scheduling.StartDates.MaxRangeDays);
            if (lesions is not (>= 1 and <= RequestChecks.MaxLesions))
            {
                errors.Add("lesions", $"Required: 1 to {RequestChecks.MaxLesions}.");
            }

            var cap = maxFractionsPerDay ?? PlansApi.DefaultMaxFractionsPerDay;
            if (cap is < PlanRequest.MinDailyCap or > PlanRequest.MaxDailyCap)
            {
                errors.Add("maxFractionsPerDay", $"Between {PlanRequest.MinDailyCap} and {PlanRequest.MaxDailyCap}.");
            }

            if (errors.Any)
            {
                return errors.ToProblem();
            }

            // One snapshot of the calendar, linacs and bookings serves every candidate date.
            await using var snapshot = await connection.BeginTransactionAsync(ct);
            var (calendarFrom, calendarTo) = (first.PlusDays(-PlanningInputs.DaysBeforeDayOne), last.PlusDays(PlanningInputs.DaysAfterDayOne));
            var template = new PlanRequest
            {
                Center = await CenterCalendars.LoadAsync(connection, center, calendarFrom, calendarTo, ct, snapshot),
                Linacs = await LinacStore.SchedulingLinacsAsync(connection, centerId, ct, snapshot),
                Bookings = [.. (await PlanStore.BookingsAsync(connection, snapshot, centerId,
                    calendarFrom.AtStartOfDayInZone(zone).ToInstant(), calendarTo.PlusDays(1).AtStartOfDayInZone(zone).ToInstant(), ct)).Select(b => b.Booking)],
                Patient = new Patient(2, first, [.. Enumerable.Range(1, lesions!.Value).Select(i => new Lesion($"lesion-{i}", $"Lesion {i}"))]),
                MaxFractionsPerDay = cap,
                NotBefore = now,
            };
            // Each candidate date is an independent, pure solver run: spread them over the cores.
            var options = Enumerable.Range(0, Period.DaysBetween(first, last) + 1)
                .AsParallel().AsOrdered().WithCancellation(ct)
                .SelectMany(day => Scheduling.StartDates.Find(template, first.PlusDays(day), first.PlusDays(day), SharedSlotGrids.Cache))
                .Select(ToResponse)
                .ToList();
            return TypedResults.Ok<IReadOnlyList<StartDateResponse>>(options);
        });
    }

    private static StartDateResponse ToResponse(StartDateOption o) =>
        new(WireFormat.Format(o.DayOne), o.Feasible, o.DeviationDays, o.SpanDays, o.Visits,
            o.FirstFraction is { } f ? WireFormat.Format(f) : null, o.LastFraction is { } l ? WireFormat.Format(l) : null, o.Code, o.Reason);
}
