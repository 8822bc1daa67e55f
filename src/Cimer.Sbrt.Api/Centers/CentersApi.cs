using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Centers;

internal static class CentersApi
{
    private static readonly Weekday[] WeekdaysOnly = [Weekday.Monday, Weekday.Tuesday, Weekday.Wednesday, Weekday.Thursday, Weekday.Friday];

    public static RouteGroupBuilder MapCenters(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/centers").WithTags(ApiTags.Centers);

        group.MapPost("/", CreateCenter)
            .WithName(nameof(CreateCenter))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Create a center")
            .WithDescription("A treatment site with its IANA time zone, its open weekdays (default Monday to Friday) and an optional holiday calendar (`us-federal`).")
            .WithRequestExample(Examples.CreateCenter);

        group.MapGet("/", ListCenters)
            .WithName(nameof(ListCenters))
            .RequireAuthorization(Policies.Read)
            .WithSummary("List centers")
            .WithDescription("Every center, by name: a handful per trial, so one answer without pages.");

        group.MapGet("/{centerId}", GetCenter)
            .WithName(nameof(GetCenter))
            .RequireAuthorization(Policies.Read)
            .WithSummary("Read a center")
            .WithDescription("The center as it was created.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapClosures();
        return group;
    }

    internal static async Task<Results<Created<CenterResponse>, ValidationProblem>> CreateCenter(
        CreateCenterRequest body, Actor actor, Database database, IClock clock, ICenterSchedule schedule, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", body.Name);
        var timeZone = errors.Text("timeZone", body.TimeZone, maxLength: 64);
        if (timeZone is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) is null)
        {
            errors.Add("timeZone", $"\"{timeZone}\" is not an IANA time zone id (e.g. \"America/New_York\").");
        }

        var openDays = body.OpenDays ?? WeekdaysOnly;
        if (openDays.Count == 0)
        {
            errors.Add("openDays", "At least one open day.");
        }

        if (body.HolidayCalendar is not null && !HolidayCalendars.IsKnown(body.HolidayCalendar))
        {
            errors.Add("holidayCalendar", $"Unknown holiday calendar; use null or one of: {string.Join(", ", HolidayCalendars.Names)}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var center = new CenterRow
        {
            Id = Ids.New(),
            Name = name!,
            TimeZone = timeZone!,
            OpenDays = CenterCalendars.StoreOpenDays(openDays),
            HolidayCalendar = body.HolidayCalendar,
        };
        await database.WriteAsync(async (connection, transaction) =>
        {
            var now = clock.GetCurrentInstant();
            await CenterStore.AddAsync(connection, transaction, center, WireFormat.ToUtc(now), ct);
            await AuditTrail.RecordAsync(connection, transaction, actor, now,
                new AuditEntry("center.created", AuditEntities.Center, center.Id, null, ToResponse(center), null), ct);
        }, ct);
        await schedule.AddCenterAsync(center.Id, center.TimeZone, ct);
        return TypedResults.Created($"/api/v1/centers/{center.Id}", ToResponse(center));
    }

    internal static async Task<Ok<IReadOnlyList<CenterResponse>>> ListCenters(Database database, CancellationToken ct)
    {
        var centers = await database.ReadAsync(connection => CenterStore.AllAsync(connection, ct));
        return TypedResults.Ok<IReadOnlyList<CenterResponse>>([.. centers.Select(ToResponse)]);
    }

    internal static async Task<Ok<CenterResponse>> GetCenter(string centerId, Database database, CancellationToken ct)
    {
        var center = await database.ReadAsync(connection => CenterStore.GetAsync(connection, centerId, ct));
        return TypedResults.Ok(ToResponse(center));
    }

    private static CenterResponse ToResponse(CenterRow center) =>
        new(center.Id, center.Name, center.TimeZone, CenterCalendars.OpenDays(center), center.HolidayCalendar);
}
