using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Disruptions;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
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
            .WithTags(ApiTags.Days)
            .WithName(nameof(AddClosure))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Close a center on a date")
            .WithDescription("A manual closure (snow day, local holiday). Every live plan with a fraction that day is re-planned at once, one at a time (oldest day 1 first, then the plan made first), each around all other bookings; a closure inside a plan's W0 may earn the +/-2 day widening (rule 3). `impact` reports each plan touched: `replanned` with its moves (from -> to) and any protocol deviation, or `needsAttention` with the reason (a delivered, pinned or past fraction that day is never moved; a plan no re-plan fits by D1+19 has its fractions that day `displaced`). With `?dryRun=true` the answer is 200 with the same report and nothing is saved. 409 when the center is already closed that day.")
            .WithRequestExample(Examples.AddClosure)
            .WithResponseExample(StatusCodes.Status201Created, DaysExamples.ClosureAdded)
            .WithResponseExample(StatusCodes.Status200OK, DaysExamples.ClosureAdded)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        centers.MapGet("/{centerId}/closures", ListClosures)
            .WithTags(ApiTags.Days)
            .WithName(nameof(ListClosures))
            .RequireAuthorization(Policies.Read)
            .WithSummary("List a center's closures")
            .WithDescription("Manual closures and those of the center's holiday calendar in `from`..`to` (inclusive local dates; default today and a year on), each with its `source`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Saves a closure and re-plans every plan it touches, or only reports what it would do.</summary>
    /// <param name="centerId">The center closing.</param>
    /// <param name="body">The local date and why.</param>
    /// <param name="dryRun">true: answer 200 with the impact and save nothing.</param>
    /// <param name="actor">Who closes the center: the audit trail's "who" for the closure and every re-plan it causes.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now: re-plans use only slots after it (R2).</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Created<ClosureAddedResponse>, Ok<ClosureAddedResponse>, ValidationProblem>> AddClosure(
        string centerId, AddClosureRequest body, bool? dryRun, Actor actor, Database database, IClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var date = errors.Date("date", body.Date);
        var reason = errors.Text("reason", body.Reason);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var closure = new ClosureRow { Id = Ids.New(), Date = WireFormat.Format(date!.Value), Reason = reason! };

        async Task<ImpactResponse> AddAndReplan(DbConnection connection, DbTransaction transaction)
        {
            var center = await CenterStore.GetAsync(connection, centerId, ct, transaction);
            if (await CenterStore.FindClosureAsync(connection, transaction, centerId, closure.Date, ct) is { } existing)
            {
                throw Problems.Conflict($"The center is already closed on {existing.Date} ({existing.Reason}).");
            }

            var now = clock.GetCurrentInstant();
            var disruption = Disruption.Of(new Closure(date.Value, closure.Reason) { Id = closure.Id }, CenterCalendars.Zone(center), $"closure on {closure.Date} ({closure.Reason})");
            return await BulkReplan.RunAsync(connection, transaction, centerId, disruption, async () =>
            {
                await CenterStore.AddClosureAsync(connection, transaction, centerId, closure, WireFormat.ToUtc(now), ct);
                await AuditTrail.RecordAsync(connection, transaction, actor, now,
                    new AuditEntry("closure.created", AuditEntities.Closure, closure.Id, null, new { closure.Id, centerId, closure.Date, closure.Reason }, closure.Reason), ct);
            }, actor, now, ct);
        }

        if (dryRun == true)
        {
            return TypedResults.Ok(ToAdded(closure, await database.RehearseAsync(AddAndReplan, ct)));
        }

        var impact = await database.WriteAsync(AddAndReplan, ct);
        Telemetry.SbrtMetrics.Replanned("closure", impact.Plans.Count(p => p.Outcome == ImpactOutcome.Replanned));
        var location = $"/api/v1/centers/{centerId}/closures?from={closure.Date}&to={closure.Date}";
        return TypedResults.Created(location, ToAdded(closure, impact));
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

    private static ClosureAddedResponse ToAdded(ClosureRow c, ImpactResponse impact) => new(c.Id, c.Date, c.Reason, CenterCalendars.ManualSource, impact);
}
