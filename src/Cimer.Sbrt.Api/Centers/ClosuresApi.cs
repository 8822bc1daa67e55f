using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Centers;

internal static class ClosuresApi
{
    /// <summary>The longest range one closures query may cover, in days.</summary>
    public const int MaxRangeDays = 3660;

    public static void MapClosures(this RouteGroupBuilder centers)
    {
        centers.MapPost("/{centerId}/closures", AddClosure)
            .WithName(nameof(AddClosure))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Close a center on a date")
            .WithDescription("A manual closure (snow day, local holiday). Plans made from now on avoid it; existing plans are not re-planned by this call.")
            .WithRequestExample(Examples.AddClosure)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        centers.MapGet("/{centerId}/closures", ListClosures)
            .WithName(nameof(ListClosures))
            .RequireAuthorization(Policies.Read)
            .WithSummary("List a center's closures")
            .WithDescription("Manual closures and those of the center's holiday calendar in `from`..`to` (inclusive local dates; default today and a year on), each with its `source`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static async Task<Results<Created<ClosureResponse>, ValidationProblem>> AddClosure(
        string centerId, AddClosureRequest body, Database database, IClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var date = errors.Date("date", body.Date);
        var reason = errors.Text("reason", body.Reason);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var closure = new ClosureRow { Id = Ids.New(), Date = WireFormat.Format(date!.Value), Reason = reason! };
        await database.WriteAsync(async (connection, transaction) =>
        {
            await CenterStore.GetAsync(connection, centerId, ct, transaction);
            if (await CenterStore.FindClosureAsync(connection, transaction, centerId, closure.Date, ct) is { } existing)
            {
                throw Problems.Conflict($"The center is already closed on {existing.Date} ({existing.Reason}).");
            }

            await CenterStore.AddClosureAsync(connection, transaction, centerId, closure, WireFormat.ToUtc(clock.GetCurrentInstant()), ct);
            return closure;
        }, ct);
        var location = $"/api/v1/centers/{centerId}/closures?from={closure.Date}&to={closure.Date}";
        return TypedResults.Created(location, new ClosureResponse(closure.Id, closure.Date, closure.Reason, CenterCalendars.ManualSource));
    }

    internal static async Task<Results<Ok<IReadOnlyList<ClosureResponse>>, ValidationProblem>> ListClosures(
        string centerId, string? from, string? to, Database database, IClock clock, CancellationToken ct)
    {
        return await database.ReadAsync<Results<Ok<IReadOnlyList<ClosureResponse>>, ValidationProblem>>(async connection =>
        {
            var center = await CenterStore.GetAsync(connection, centerId, ct);
            var errors = new FieldErrors();
            var today = clock.GetCurrentInstant().InZone(CenterCalendars.Zone(center)).Date;
            var first = errors.Date("from", from, required: false) ?? today;
            var last = errors.Date("to", to, required: false) ?? first.PlusYears(1);
            DateRanges.Check(errors, first, last, MaxRangeDays);
            if (errors.Any)
            {
                return errors.ToProblem();
            }

            return TypedResults.Ok(await CenterCalendars.ClosuresAsync(connection, center, first, last, ct));
        });
    }
}
