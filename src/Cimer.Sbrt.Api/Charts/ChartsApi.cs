using System.Text;
using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Slots;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Charts;

/// <summary>
/// Pictures of what the JSON says: a plan's chart from the plan the JSON endpoint answers, and a
/// center's board from the slot grid the slots feed reads. Staff views: the board names study ids.
/// </summary>
internal static class ChartsApi
{
    public const string SvgType = "image/svg+xml";

    /// <summary>The longest board: <c>to - from</c> at most this many days (two weeks, inclusive).</summary>
    public const int MaxBoardDays = 13;

    public static RouteGroupBuilder MapCharts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Charts").RequireAuthorization(Policies.Read);

        group.MapGet("/plans/{planId}/chart.svg", GetPlanChart)
            .WithName(nameof(GetPlanChart))
            .WithSummary("A plan as a picture (SVG)")
            .WithDescription("One row per lesion and one column per date from CT simulation to palbociclib day 21: each fraction a mark at its date with its local time (shape and colour by status: planned, delivered, missed, displaced; pinned marked), the elapsed hours between a lesion's fractions, W0 and the widened window as bands, closed days and closures shaded with their reason, days past the window in amber. Drawn from the same plan `GET /plans/{planId}` answers. Marks carry `data-fraction-id` and `data-status`.")
            .Produces<string>(StatusCodes.Status200OK, SvgType)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/centers/{centerId}/board.svg", GetBoard)
            .WithName(nameof(GetBoard))
            .WithSummary("A center's linacs over a week or two, as a picture (SVG)")
            .WithDescription($"Dates across, a lane per linac, time of day downwards; every slot of `from`..`to` (inclusive local dates; default the current week, Monday to Sunday, in the center's zone; at most {MaxBoardDays + 1} days) as a cell: booked (with the patient's study id: a staff view), free or down, and closed days shaded with their reason. The same slots as `GET /centers/{{centerId}}/slots`; cells carry `data-linac-id`, `data-slot-start` (UTC instant) and `data-status`.")
            .Produces<string>(StatusCodes.Status200OK, SvgType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    internal static async Task<ContentHttpResult> GetPlanChart(string planId, Database database, CancellationToken ct)
    {
        var data = await database.ReadAsync(async connection =>
        {
            var plan = await PlanStore.GetAsync(connection, planId, ct);
            var patient = await PatientStore.GetAsync(connection, plan.Plan.PatientId, ct);
            var lesions = await PatientStore.LesionsAsync(connection, plan.Plan.PatientId, ct);
            var center = await CenterStore.GetAsync(connection, plan.Plan.CenterId, ct);
            var linacs = await LinacStore.ForCenterAsync(connection, plan.Plan.CenterId, ct);
            var calendar = await CenterCalendars.LoadAsync(connection, center, plan.Plan.DayOne.PlusDays(-10), plan.Plan.DayOne.PlusDays(25), ct);
            return new PlanChartData(PlanResponses.From(plan), patient.StudyId, center.Name,
                [.. lesions.OrderBy(l => l.Ordinal).Select(l => (l.Id, l.Label))], linacs.ToDictionary(l => l.Id, l => l.Name), calendar);
        });
        return TypedResults.Text(PlanChart.Draw(data), SvgType, Encoding.UTF8);
    }

    internal static async Task<Results<ContentHttpResult, ValidationProblem>> GetBoard(
        string centerId, string? from, string? to, Database database, IClock clock, CancellationToken ct)
    {
        return await database.ReadAsync<Results<ContentHttpResult, ValidationProblem>>(async connection =>
        {
            var center = await CenterStore.GetAsync(connection, centerId, ct);
            var today = clock.GetCurrentInstant().InZone(CenterCalendars.Zone(center)).Date;
            var errors = new FieldErrors();
            var (first, last) = CenterSlots.Range(errors, from, to, today.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)), 7, MaxBoardDays);
            if (errors.Any)
            {
                return errors.ToProblem();
            }

            var grid = await CenterSlots.LoadAsync(connection, center, first, last, ct);
            var planIds = grid.Cells.Where(c => c.PlanId is not null).Select(c => c.PlanId!).Distinct().ToList();
            var studyIds = await ChartStore.StudyIdsAsync(connection, planIds, ct);
            return TypedResults.Text(WeekBoard.Draw(center.Name, grid, studyIds), SvgType, Encoding.UTF8);
        });
    }
}
