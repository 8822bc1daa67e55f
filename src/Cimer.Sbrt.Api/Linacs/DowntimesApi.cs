using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Disruptions;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Linacs;

internal static class DowntimesApi
{
    public static void MapDowntimes(this RouteGroupBuilder linacs)
    {
        linacs.MapPost("/linacs/{linacId}/downtimes", AddDowntime)
            .WithTags(ApiTags.Days)
            .WithName(nameof(AddDowntime))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Take a linac down for a while")
            .WithDescription("A center-local interval (QA, repair) during which the linac treats no one. Every live plan with a fraction in it is re-planned at once, one at a time (oldest day 1 first, then the plan made first), each around all other bookings; `impact` reports each plan touched: `replanned` with its moves (from -> to) and any protocol deviation, or `needsAttention` with the reason (a delivered, pinned or past fraction under the downtime is never moved; a plan no re-plan fits by D1+19 has its fractions there `displaced`). With `?dryRun=true` the answer is 200 with the same report and nothing is saved.")
            .WithRequestExample(Examples.AddDowntime)
            .WithResponseExample(StatusCodes.Status201Created, DaysExamples.DowntimeAdded)
            .WithResponseExample(StatusCodes.Status200OK, DaysExamples.DowntimeAdded)
            .ProducesProblem(StatusCodes.Status404NotFound);

        linacs.MapGet("/linacs/{linacId}/downtimes", ListDowntimes)
            .WithTags(ApiTags.Days)
            .WithName(nameof(ListDowntimes))
            .RequireAuthorization(Policies.Read)
            .WithSummary("List a linac's downtimes")
            .WithDescription("Every downtime of the linac, by start.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Saves a downtime and re-plans every plan it touches, or only reports what it would do.</summary>
    /// <param name="linacId">The linac going down.</param>
    /// <param name="body">The center-local interval and why.</param>
    /// <param name="dryRun">true: answer 200 with the impact and save nothing.</param>
    /// <param name="actor">Who takes the linac down: the audit trail's "who" for the downtime and every re-plan it causes.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now: re-plans use only slots after it (R2).</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Created<DowntimeAddedResponse>, Ok<DowntimeAddedResponse>, ValidationProblem>> AddDowntime(
        string linacId, AddDowntimeRequest body, bool? dryRun, Actor actor, Database database, IClock clock, CancellationToken ct)
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

        async Task<ImpactResponse> AddAndReplan(DbConnection connection, DbTransaction transaction)
        {
            var linac = await LinacStore.GetAsync(connection, linacId, ct, transaction);
            var center = await CenterStore.GetAsync(connection, linac.CenterId, ct, transaction);
            var now = clock.GetCurrentInstant();
            var disruption = Disruption.Of(linacId, new Downtime(start.Value, end.Value, downtime.Reason) { Id = downtime.Id }, CenterCalendars.Zone(center),
                $"downtime of {linac.Name} {downtime.StartLocal}..{downtime.EndLocal} ({downtime.Reason})");
            return await BulkReplan.RunAsync(connection, transaction, center.Id, disruption, async () =>
            {
                await LinacStore.AddDowntimeAsync(connection, transaction, downtime, WireFormat.ToUtc(now), ct);
                await AuditTrail.RecordAsync(connection, transaction, actor, now,
                    new AuditEntry("downtime.created", AuditEntities.Downtime, downtime.Id, null, ToResponse(downtime), downtime.Reason), ct);
            }, actor, now, ct);
        }

        if (dryRun == true)
        {
            return TypedResults.Ok(ToAdded(downtime, await database.RehearseAsync(AddAndReplan, ct)));
        }

        var impact = await database.WriteAsync(AddAndReplan, ct);
        Telemetry.SbrtMetrics.Replanned("downtime", impact.Plans.Count(p => p.Outcome == ImpactOutcome.Replanned));
        return TypedResults.Created($"/api/v1/linacs/{linacId}/downtimes", ToAdded(downtime, impact));
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

    private static DowntimeAddedResponse ToAdded(DowntimeRow d, ImpactResponse impact) => new(d.Id, d.LinacId, d.StartLocal, d.EndLocal, d.Reason, impact);
}
