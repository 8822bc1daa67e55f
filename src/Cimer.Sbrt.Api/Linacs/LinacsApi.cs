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

    /// <summary>The longest beam group name, in characters.</summary>
    public const int MaxBeamGroupLength = 64;

    /// <summary>The longest reason a linac change may give, in characters.</summary>
    public const int MaxReasonLength = 500;

    public static RouteGroupBuilder MapLinacs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags(ApiTags.Centers);

        group.MapPost("/centers/{centerId}/linacs", CreateLinac)
            .WithName(nameof(CreateLinac))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Add a linac to a center")
            .WithDescription("A treatment machine open from `opensAt` to `closesAt` (center-local) on the center's open days, cut into slots of `slotMinutes`; one slot holds one fraction. `beamGroup` (optional) names its beam-matched group: a lesion's dose plan is computed for one machine model, so every fraction of a lesion stays on linacs of one group, and a re-plan never moves a lesion to another group on its own (the plan needs attention: a dose plan for another machine is needed). When no linac of the center names a group, every linac may take any fraction. The answer's ETag is the linac's version.")
            .WithRequestExample(Examples.CreateLinac)
            .ProducesValidationProblem()
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
            .WithDescription("The linac with its beam group and version. The strong ETag is the version: send it back as If-Match to change the linac.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/linacs/{linacId}", UpdateLinac)
            .WithName(nameof(UpdateLinac))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Change a linac's beam group")
            .WithDescription("Sets `beamGroup` (null or absent: a group of its own) with the `reason` the audit trail keeps (400 without one). Plans already booked are not re-planned: from now on a re-plan keeps each lesion in the group its fractions are on, and a physicist's move to a linac of another group is refused (422, rule `beamGroup`). Needs the linac's If-Match (428 without, 412 when stale).")
            .WithRequestExample(Examples.UpdateLinac)
            .RequiresIfMatch()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDowntimes();
        group.MapOpenings();
        return group;
    }

    internal static async Task<Results<Created<LinacResponse>, ValidationProblem>> CreateLinac(
        string centerId, CreateLinacRequest body, Actor actor, Database database, IClock clock, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", body.Name);
        var beamGroup = errors.Text("beamGroup", body.BeamGroup, MaxBeamGroupLength, required: false);
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
            BeamGroup = beamGroup,
            Version = 1,
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
        response.Headers.ETag = ETags.For(linac.Version);
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

    internal static async Task<Ok<LinacResponse>> GetLinac(string linacId, Database database, HttpResponse response, CancellationToken ct)
    {
        var linac = await database.ReadAsync(connection => LinacStore.GetAsync(connection, linacId, ct));
        response.Headers.ETag = ETags.For(linac.Version);
        return TypedResults.Ok(ToResponse(linac));
    }

    /// <summary>Sets a linac's beam group; audited as <c>linac.updated</c> with the linac before and after.</summary>
    /// <param name="linacId">The linac to change.</param>
    /// <param name="body">The new beam group and why.</param>
    /// <param name="actor">Who changes it.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now, for the audit trail.</param>
    /// <param name="request">Carries If-Match.</param>
    /// <param name="response">Gets the new ETag.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Ok<LinacResponse>, ValidationProblem>> UpdateLinac(
        string linacId, UpdateLinacRequest body, Actor actor, Database database, IClock clock, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var beamGroup = errors.Text("beamGroup", body.BeamGroup, MaxBeamGroupLength, required: false);
        var reason = errors.Text("reason", body.Reason, MaxReasonLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var after = await database.WriteAsync(async (connection, transaction) =>
        {
            var before = await LinacStore.GetAsync(connection, linacId, ct, transaction);
            ETags.Require(request, before.Version, "linac");
            if (!await LinacStore.SetBeamGroupAsync(connection, transaction, linacId, beamGroup, before.Version, ct))
            {
                throw Problems.PreconditionFailed(before.Version + 1, "linac");
            }

            var after = await LinacStore.GetAsync(connection, linacId, ct, transaction);
            await AuditTrail.RecordAsync(connection, transaction, actor, clock.GetCurrentInstant(),
                new AuditEntry("linac.updated", AuditEntities.Linac, linacId, ToResponse(before), ToResponse(after), reason), ct);
            return after;
        }, ct);
        response.Headers.ETag = ETags.For(after.Version);
        return TypedResults.Ok(ToResponse(after));
    }

    internal static LinacResponse ToResponse(LinacRow linac) =>
        new(linac.Id, linac.CenterId, linac.Name, linac.OpensAt, linac.ClosesAt, (int)linac.SlotMinutes, linac.BeamGroup, linac.Version);
}
