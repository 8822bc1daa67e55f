using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Linacs;

internal static class LinacsApi
{
    public const int MinSlotMinutes = 5, MaxSlotMinutes = 240;

    public static RouteGroupBuilder MapLinacs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags(ApiTags.Centers);

        group.MapPost("/centers/{centerId}/linacs", CreateLinac)
            .WithName(nameof(CreateLinac))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Add a linac to a center")
            .WithDescription("A treatment machine open from `opensAt` to `closesAt` (center-local) on the center's open days, cut into slots of `slotMinutes`; one slot holds one fraction.")
            .WithRequestExample(Examples.CreateLinac)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/centers/{centerId}/linacs", ListLinacs)
            .WithName(nameof(ListLinacs))
            .RequireAuthorization(Policies.Read)
            .WithSummary("List a center's linacs")
            .WithDescription("Every linac of the center, by name.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/linacs/{linacId}", GetLinac)
            .WithName(nameof(GetLinac))
            .RequireAuthorization(Policies.Read)
            .WithSummary("Read a linac")
            .WithDescription("The linac as it was created.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDowntimes();
        return group;
    }

    internal static async Task<Results<Created<LinacResponse>, ValidationProblem>> CreateLinac(
        string centerId, CreateLinacRequest body, Actor actor, Database database, IClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", body.Name);
        var opensAt = errors.Time("opensAt", body.OpensAt);
        var closesAt = errors.Time("closesAt", body.ClosesAt);
        if (body.SlotMinutes is not { } minutes)
        {
            errors.Add("slotMinutes", "Required.");
        }
        else if (minutes is < MinSlotMinutes or > MaxSlotMinutes)
        {
            errors.Add("slotMinutes", $"Between {MinSlotMinutes} and {MaxSlotMinutes} minutes.");
        }
        else if (opensAt is { } open && closesAt is { } close && open < close && open.PlusMinutes(minutes) > close)
        {
            errors.Add("slotMinutes", "Not even one slot fits between opensAt and closesAt.");
        }

        if (opensAt is { } o && closesAt is { } c && o >= c)
        {
            errors.Add("closesAt", "Must be after opensAt (a linac day does not cross midnight).");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var linac = new LinacRow
        {
            Id = Ids.New(),
            CenterId = centerId,
            Name = name!,
            OpensAt = WireFormat.Format(opensAt!.Value),
            ClosesAt = WireFormat.Format(closesAt!.Value),
            SlotMinutes = body.SlotMinutes!.Value,
        };
        await database.WriteAsync(async (connection, transaction) =>
        {
            await CenterStore.GetAsync(connection, centerId, ct, transaction);
            var now = clock.GetCurrentInstant();
            await LinacStore.AddAsync(connection, transaction, linac, WireFormat.ToUtc(now), ct);
            await AuditTrail.RecordAsync(connection, transaction, actor, now,
                new AuditEntry("linac.created", AuditEntities.Linac, linac.Id, null, ToResponse(linac), null), ct);
            return linac;
        }, ct);
        return TypedResults.Created($"/api/v1/linacs/{linac.Id}", ToResponse(linac));
    }

    internal static async Task<Ok<IReadOnlyList<LinacResponse>>> ListLinacs(string centerId, Database database, CancellationToken ct)
    {
        var linacs = await database.ReadAsync(async connection =>
        {
            await CenterStore.GetAsync(connection, centerId, ct);
            return await LinacStore.ForCenterAsync(connection, centerId, ct);
        });
        return TypedResults.Ok<IReadOnlyList<LinacResponse>>([.. linacs.Select(ToResponse)]);
    }

    internal static async Task<Ok<LinacResponse>> GetLinac(string linacId, Database database, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await database.ReadAsync(connection => LinacStore.GetAsync(connection, linacId, ct))));

    private static LinacResponse ToResponse(LinacRow linac) =>
        new(linac.Id, linac.CenterId, linac.Name, linac.OpensAt, linac.ClosesAt, (int)linac.SlotMinutes);
}
