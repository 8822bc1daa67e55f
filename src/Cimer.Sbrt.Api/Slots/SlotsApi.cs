using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Slots;

internal static class SlotsApi
{
    /// <summary>The longest range one slots query may cover: <c>to - from</c> in days.</summary>
    public const int MaxRangeDays = 62;

    private const string SelectBooked = """
        SELECT f.linac_id, f.start_utc, f.plan_id
        FROM fractions f JOIN linacs l ON l.id = f.linac_id
        WHERE l.center_id = @centerId AND f.status IN ('planned', 'delivered') AND f.cancelled = 0
          AND f.start_utc >= @fromUtc AND f.start_utc < @toUtc;
        """;

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
            var first = errors.Date("from", from, required: false) ?? clock.GetCurrentInstant().InZone(zone).Date;
            var last = errors.Date("to", to, required: false) ?? first.PlusDays(13);
            DateRanges.Check(errors, first, last, MaxRangeDays);
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

            var calendar = await CenterCalendars.LoadAsync(connection, center, first, last, ct);
            var linacs = await LinacStore.SchedulingLinacsAsync(connection, centerId, ct);
            var booked = (await connection.QueryAsync<BookedSlotRow>(new CommandDefinition(SelectBooked, new
            {
                centerId,
                fromUtc = WireFormat.ToUtc(first.AtStartOfDayInZone(zone).ToInstant()),
                toUtc = WireFormat.ToUtc(last.PlusDays(1).AtStartOfDayInZone(zone).ToInstant()),
            }, cancellationToken: ct))).ToDictionary(b => (b.LinacId, b.StartUtc), b => b.PlanId);
            var slots = Slots(calendar, linacs, first, last, booked).Where(s => wanted is null || s.Status == wanted).ToList();
            return TypedResults.Ok<IReadOnlyList<SlotResponse>>(slots);
        });
    }

    private static IEnumerable<SlotResponse> Slots(
        CenterCalendar calendar, IReadOnlyList<Linac> linacs, LocalDate first, LocalDate last, Dictionary<(string, string), string> booked)
    {
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            if (!calendar.IsOpen(date))
            {
                continue;
            }

            var day = linacs.SelectMany(linac => SlotGrid.On(linac, date, calendar.Zone).Where(slot => !SlotGrid.IsDown(linac, slot)));
            foreach (var slot in day.OrderBy(s => s.Start.ToInstant()).ThenBy(s => s.LinacId, StringComparer.Ordinal))
            {
                var planId = booked.GetValueOrDefault((slot.LinacId, WireFormat.ToUtc(slot.Start.ToInstant())));
                yield return new SlotResponse(
                    slot.LinacId, WireFormat.Format(slot.Start), WireFormat.Format(slot.End),
                    planId is null ? SlotStatus.Free : SlotStatus.Booked, planId);
            }
        }
    }
}
