using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Slots;

internal static class SlotsApi
{
    /// <summary>The longest range one slots query may cover: <c>to - from</c> in days.</summary>
    public const int MaxRangeDays = 62;

    public static RouteGroupBuilder MapSlots(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/centers/{centerId}/slots").WithTags(ApiTags.Integration);

        group.MapGet("/", ListSlots)
            .WithName(nameof(ListSlots))
            .RequireAuthorization(Policies.Read)
            .WithSummary("The center's slots, free and booked")
            .WithDescription($"Every linac slot on the center's open days in `from`..`to` (inclusive local dates; default today and 13 days on; at most {MaxRangeDays} days apart), minus those in downtime. `status` filters to `free` or `booked`; booked slots carry their plan id and nothing about the patient.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    internal static async Task<Results<Ok<IReadOnlyList<SlotResponse>>, ValidationProblem>> ListSlots(
        string centerId, string? from, string? to, string? status, Database database, IClock clock, CancellationToken ct)
    {
        return await database.ReadAsync<Results<Ok<IReadOnlyList<SlotResponse>>, ValidationProblem>>(async connection =>
        {
            var center = await CenterStore.GetAsync(connection, centerId, ct);
            var zone = CenterCalendars.Zone(center);
            var errors = new FieldErrors();
            var (first, last) = CenterSlots.Range(errors, from, to, clock.GetCurrentInstant().InZone(zone).Date, 14, MaxRangeDays);
            SlotStatus? wanted = errors.OneOf("status", status, [.. EnumNames.Of(typeof(SlotStatus))], required: false) switch
            {
                "free" => SlotStatus.Free,
                "booked" => SlotStatus.Booked,
                _ => null,
            };

            if (errors.Any)
            {
                return errors.ToProblem();
            }

            var grid = await CenterSlots.LoadAsync(connection, center, first, last, ct);
            var slots = grid.Cells
                .Where(c => c.State is SlotState.Free or SlotState.Booked)
                .Select(c => new SlotResponse(
                    c.Slot.LinacId, WireFormat.Format(c.Slot.Start), WireFormat.Format(c.Slot.End),
                    c.State == SlotState.Booked ? SlotStatus.Booked : SlotStatus.Free, c.PlanId))
                .Where(s => wanted is null || s.Status == wanted)
                .ToList();
            return TypedResults.Ok<IReadOnlyList<SlotResponse>>(slots);
        });
    }
}
