using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Linacs;

internal static class DowntimesApi
{
    public static void MapDowntimes(this RouteGroupBuilder linacs)
    {
        linacs.MapPost("/linacs/{linacId}/downtimes", AddDowntime)
            .WithName(nameof(AddDowntime))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Take a linac down for a while")
            .WithDescription("A center-local interval (QA, repair) during which the linac treats no one; its slots leave the slots feed and plans made from now on avoid it. Existing plans are not re-planned by this call.")
            .WithRequestExample(Examples.AddDowntime)
            .ProducesProblem(StatusCodes.Status404NotFound);

        linacs.MapGet("/linacs/{linacId}/downtimes", ListDowntimes)
            .WithName(nameof(ListDowntimes))
            .RequireAuthorization(Policies.Read)
            .WithSummary("List a linac's downtimes")
            .WithDescription("Every downtime of the linac, by start.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static async Task<Results<Created<DowntimeResponse>, ValidationProblem>> AddDowntime(
        string linacId, AddDowntimeRequest body, Database database, IClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var start = errors.DateTime("start", body.Start);
        var end = errors.DateTime("end", body.End);
        var reason = errors.Text("reason", body.Reason);
        if (start is { } s && end is { } e && e <= s)
        {
            errors.Add("end", "Must be after start.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var downtime = new DowntimeRow
        {
            Id = Ids.New(),
            LinacId = linacId,
            StartLocal = WireFormat.Format(start!.Value),
            EndLocal = WireFormat.Format(end!.Value),
            Reason = reason!,
        };
        await database.WriteAsync(async (connection, transaction) =>
        {
            await LinacStore.GetAsync(connection, linacId, ct, transaction);
            await LinacStore.AddDowntimeAsync(connection, transaction, downtime, WireFormat.ToUtc(clock.GetCurrentInstant()), ct);
            return downtime;
        }, ct);
        return TypedResults.Created($"/api/v1/linacs/{linacId}/downtimes", ToResponse(downtime));
    }

    internal static async Task<Ok<IReadOnlyList<DowntimeResponse>>> ListDowntimes(string linacId, Database database, CancellationToken ct)
    {
        var downtimes = await database.ReadAsync(async connection =>
        {
            await LinacStore.GetAsync(connection, linacId, ct);
            return await LinacStore.DowntimesAsync(connection, linacId, ct);
        });
        return TypedResults.Ok<IReadOnlyList<DowntimeResponse>>([.. downtimes.Select(ToResponse)]);
    }

    private static DowntimeResponse ToResponse(DowntimeRow d) => new(d.Id, d.LinacId, d.StartLocal, d.EndLocal, d.Reason);
}
