using Cimer.Sbrt.Scheduling;
using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>Finding plans without knowing their ids: the ones that need attention, a center's month.</summary>
internal static partial class PlansApi
{
    private static readonly Dictionary<string, PlanStatus> Statuses = Enum.GetValues<PlanStatus>().ToDictionary(StoredJson.Name, StringComparer.Ordinal);

    private static void MapPlanList(this RouteGroupBuilder group) =>
        group.MapGet("/plans", ListPlans)
            .WithName(nameof(ListPlans))
            .RequireAuthorization(Policies.Read)
            .WithSummary("Find plans")
            .WithDescription($"Plans in (day 1, id) order, filtered by `centerId`, `status` (draft, active, completed, cancelled, needsAttention) and day 1 between `from` and `to` (inclusive local dates: the filter is on day 1, not on fraction dates), each optional. `status=needsAttention` lists the plans a person must look at. Pages of `limit` (1 to {Paging.MaxLimit}, default {Paging.DefaultLimit}); `next` is the URL of the next page, null on the last. 400 for a bad parameter or cursor; 404 for an unknown centerId.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>Find plans</summary>
    /// <param name="centerId">Only the plans of this center (404 when there is no such center).</param>
    /// <param name="status">Only plans in this status: draft, active, completed, cancelled or needsAttention.</param>
    /// <param name="from">Only plans whose day 1 is on or after this local date, "2026-12-01".</param>
    /// <param name="to">Only plans whose day 1 is on or before this local date.</param>
    /// <param name="limit">Plans per page, a whole number from 1 to 200; default 50.</param>
    /// <param name="cursor">Where the page starts: take it from the previous page's next URL.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="request">Its URL makes the next one.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Ok<Page<PlanResponse>>, ValidationProblem>> ListPlans(
        string? centerId, string? status, string? from, string? to, string? limit, string? cursor, Database database, HttpRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var take = Paging.Limit(errors, limit);
        var after = Paging.Cursor(errors, cursor, "plans", 2);
        var (first, last) = (errors.Date("from", from, required: false), errors.Date("to", to, required: false));
        if (first is { } f && last is { } l && l < f)
        {
            errors.Add("to", "Must not be before from.");
        }

        if (status is not null && !Statuses.ContainsKey(status))
        {
            errors.Add("status", $"One of {string.Join(", ", Statuses.Keys)}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var filter = new PlanFilter(centerId, status,
            first is { } a ? WireFormat.Format(a) : null, last is { } b ? WireFormat.Format(b) : null);
        var page = await database.ReadAsync(async connection =>
        {
            if (centerId is not null)
            {
                await CenterStore.GetAsync(connection, centerId, ct);
            }

            var plans = await PlanStore.PageAsync(connection, filter, after is null ? null : (after[0], after[1]), take + 1, ct);
            return Paging.Of(request, "plans", plans, take, p => [WireFormat.Format(p.Plan.DayOne), p.Id], p => PlanResponses.From(p));
        });
        return TypedResults.Ok(page);
    }
}
