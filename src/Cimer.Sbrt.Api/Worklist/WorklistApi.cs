using Cimer.Sbrt.Scheduling;
using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Worklist;

internal static class WorklistApi
{
    public static RouteGroupBuilder MapWorklist(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/centers/{centerId}/worklist").WithTags(ApiTags.Days);

        group.MapGet("/", GetWorklist)
            .WithName(nameof(GetWorklist))
            .RequireAuthorization(Policies.Read)
            .WithResponseExample(StatusCodes.Status200OK, DaysExamples.Worklist)
            .WithSummary("A center's worklist for one day")
            .WithDescription("For `date` (a center-local date; default today): the day's fractions in time order with study id, plan, lesion, linac, start and status; `unconfirmed`, fractions that have started with no delivery record (flagged by the nightly reconciliation once it has run); plans that need attention with the reason; and unfinished plans with a protocol deviation.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    /// <summary>The center's worklist for one local date.</summary>
    /// <param name="centerId">The center.</param>
    /// <param name="date">A center-local date "2026-12-09"; default today.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now: what has started by then and has no record is unconfirmed.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Ok<WorklistResponse>, ValidationProblem>> GetWorklist(
        string centerId, string? date, Database database, IClock clock, CancellationToken ct)
    {
        return await database.ReadAsync<Results<Ok<WorklistResponse>, ValidationProblem>>(async connection =>
        {
            var center = await CenterStore.GetAsync(connection, centerId, ct);
            var zone = CenterCalendars.Zone(center);
            var now = clock.GetCurrentInstant();
            var errors = new FieldErrors();
            var day = errors.Date("date", date, required: false) ?? now.InZone(zone).Date;
            if (errors.Any)
            {
                return errors.ToProblem();
            }

            var (from, to) = (day.AtStartOfDayInZone(zone).ToInstant(), day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());
            var before = Instant.Min(now, to);
            await using var snapshot = await connection.BeginTransactionAsync(ct);
            var fractions = await WorklistStore.DayAsync(connection, snapshot, centerId, WireFormat.ToUtc(from), WireFormat.ToUtc(to), ct);
            var unconfirmed = await WorklistStore.UnconfirmedAsync(connection, snapshot, centerId, WireFormat.ToUtc(before), ct);
            var attention = await WorklistStore.NeedsAttentionAsync(connection, snapshot, centerId, ct);
            var deviations = await WorklistStore.DeviationsAsync(connection, snapshot, centerId, ct);
            return TypedResults.Ok(new WorklistResponse(
                WireFormat.Format(day),
                [.. fractions.Select(f => ToFraction(f, zone))],
                [.. unconfirmed.Select(f => ToFraction(f, zone))],
                [.. attention.Select(p => new AttentionEntry(p.PlanId, p.PatientId, p.StudyId, p.AttentionReason))],
                [.. deviations.Select(p => new DeviationEntry(p.PlanId, p.PatientId, p.StudyId, StoredJson.Parse<PlanStatus>(p.Status),
                    StoredJson.Read<ProtocolDeviationResponse>(p.ProtocolDeviation!)))]));
        });
    }

    private static WorklistFraction ToFraction(WorklistFractionRow f, DateTimeZone zone) =>
        new(f.FractionId, f.PlanId, f.StudyId, f.LesionId, f.LesionLabel, (int)f.Number, f.LinacId, f.LinacName,
            WireFormat.Format(WireFormat.FromUtc(f.StartUtc), zone), WireFormat.Format(WireFormat.FromUtc(f.EndUtc), zone),
            StoredJson.Parse<FractionStatus>(f.Status), f.Pinned != 0,
            f.UnconfirmedUtc is { } flagged ? WireFormat.Format(WireFormat.FromUtc(flagged), zone) : null);
}
