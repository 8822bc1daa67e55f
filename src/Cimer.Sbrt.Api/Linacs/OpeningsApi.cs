using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Linacs;

/// <summary>
/// Extra sessions of a linac (a Saturday, an overtime evening): stored, listed and removed. An opening
/// re-plans nothing by itself; the slots it adds are free for the next plan, re-plan or miss, and show in
/// the slots feed, FHIR Slots and the board, which cut slots from the stored linacs.
/// </summary>
internal static class OpeningsApi
{
    public static void MapOpenings(this RouteGroupBuilder linacs)
    {
        linacs.MapPost("/linacs/{linacId}/openings", AddOpening)
            .WithTags(ApiTags.Days)
            .WithName(nameof(AddOpening))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Open a linac for an extra session")
            .WithDescription("An extra session on one local `date`, from `opensAt` to `closesAt` (center time): slots of the linac's own length from `opensAt`, each ending by `closesAt`, usable even on a day the center is closed (a Saturday, a holiday). It does not widen any plan's window (rule 3 stays with closures) and re-plans nothing by itself: its slots are free for the next plan, re-plan or miss, and a re-plan answer that ends past the window or needing attention lists `openingSuggestions` to create here. 400 unless `opensAt` is before `closesAt` with at least one whole slot between them; 409 when it overlaps another opening of the linac. With `?dryRun=true` the answer is 200 with the opening as it would be, and nothing is saved.")
            .WithRequestExample(Examples.AddOpening)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        linacs.MapGet("/linacs/{linacId}/openings", ListOpenings)
            .WithTags(ApiTags.Days)
            .WithName(nameof(ListOpenings))
            .RequireAuthorization(Policies.Read)
            .WithSummary("List a linac's extra sessions")
            .WithDescription($"The linac's openings dated `from`..`to` (inclusive local dates; default today and a year on; at most {ClosuresApi.MaxRangeDays} days), by date and start.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        linacs.MapDelete("/linacs/{linacId}/openings/{openingId}", DeleteOpening)
            .WithTags(ApiTags.Days)
            .WithName(nameof(DeleteOpening))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Remove an extra session")
            .WithDescription("Removes the opening. The reason goes in the query string, `?reason=staff%20unavailable` (400 without it). 409 while a fraction (planned or delivered) is booked on one of its slots: move that fraction or re-plan its plan first. Answers 204.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Saves an opening, or only answers it as it would be.</summary>
    /// <param name="linacId">The linac to open.</param>
    /// <param name="body">The date, the hours and why.</param>
    /// <param name="dryRun">true: answer 200 with the opening and save nothing.</param>
    /// <param name="actor">Who opens the linac.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now, for the audit trail.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Created<OpeningResponse>, Ok<OpeningResponse>, ValidationProblem>> AddOpening(
        string linacId, AddOpeningRequest body, bool? dryRun, Actor actor, Database database, IClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var date = errors.Date("date", body.Date);
        var opensAt = errors.Time("opensAt", body.OpensAt);
        var closesAt = errors.Time("closesAt", body.ClosesAt);
        var reason = errors.Text("reason", body.Reason);
        if (opensAt is { } o && closesAt is { } c && o >= c)
        {
            errors.Add("closesAt", "Must be after opensAt (an opening is within one day).");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var opening = new OpeningRow
        {
            Id = Ids.New(),
            LinacId = linacId,
            Date = WireFormat.Format(date!.Value),
            OpensAt = WireFormat.Format(opensAt!.Value),
            ClosesAt = WireFormat.Format(closesAt!.Value),
            Reason = reason!,
        };

        async Task<OpeningResponse> Add(DbConnection connection, DbTransaction transaction)
        {
            var linac = await LinacStore.GetAsync(connection, linacId, ct, transaction);
            if (opensAt.Value.PlusMinutes(linac.SlotMinutes) > closesAt.Value)
            {
                throw Problems.Field("closesAt", $"Not even one slot of {linac.Name} ({linac.SlotMinutes} minutes) fits between opensAt and closesAt.");
            }

            var same = await LinacStore.OpeningsAsync(connection, linacId, opening.Date, opening.Date, ct, transaction);
            if (same.FirstOrDefault(x => string.CompareOrdinal(x.OpensAt, opening.ClosesAt) < 0 && string.CompareOrdinal(opening.OpensAt, x.ClosesAt) < 0) is { } overlap)
            {
                throw Problems.Conflict($"{linac.Name} already has an opening on {overlap.Date} from {overlap.OpensAt} to {overlap.ClosesAt} ({overlap.Reason}); openings of one linac do not overlap.");
            }

            var response = ToResponse(opening, linac);
            await LinacStore.AddOpeningAsync(connection, transaction, opening, WireFormat.ToUtc(clock.GetCurrentInstant()), ct);
            await AuditTrail.RecordAsync(connection, transaction, actor, clock.GetCurrentInstant(),
                new AuditEntry("opening.created", AuditEntities.Opening, opening.Id, null, response, opening.Reason), ct);
            return response;
        }

        if (dryRun == true)
        {
            return TypedResults.Ok(await database.RehearseAsync(Add, ct));
        }

        var created = await database.WriteAsync(Add, ct);
        return TypedResults.Created($"/api/v1/linacs/{linacId}/openings?from={created.Date}&to={created.Date}", created);
    }

    internal static async Task<Results<Ok<IReadOnlyList<OpeningResponse>>, ValidationProblem>> ListOpenings(
        string linacId, string? from, string? to, Database database, IClock clock, CancellationToken ct)
    {
        return await database.ReadAsync<Results<Ok<IReadOnlyList<OpeningResponse>>, ValidationProblem>>(async connection =>
        {
            var linac = await LinacStore.GetAsync(connection, linacId, ct);
            var center = await CenterStore.GetAsync(connection, linac.CenterId, ct);
            var errors = new FieldErrors();
            var today = clock.GetCurrentInstant().InZone(CenterCalendars.Zone(center)).Date;
            var first = errors.Date("from", from, required: false) ?? today;
            var last = errors.Date("to", to, required: false) ?? first.PlusYears(1);
            DateRanges.Check(errors, first, last, ClosuresApi.MaxRangeDays);
            if (errors.Any)
            {
                return errors.ToProblem();
            }

            var openings = await LinacStore.OpeningsAsync(connection, linacId, WireFormat.Format(first), WireFormat.Format(last), ct);
            return TypedResults.Ok<IReadOnlyList<OpeningResponse>>([.. openings.Select(o => ToResponse(o, linac))]);
        });
    }

    /// <summary>Remove an extra session</summary>
    /// <param name="linacId">The linac.</param>
    /// <param name="openingId">The opening to remove.</param>
    /// <param name="reason">Why, e.g. "staff unavailable"; required, at most 500 characters.</param>
    /// <param name="actor">Who removes it.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now, for the audit trail.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<NoContent, ValidationProblem>> DeleteOpening(
        string linacId, string openingId, string? reason, Actor actor, Database database, IClock clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var why = errors.Text("reason", reason, LinacsApi.MaxReasonLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await database.WriteAsync(async (connection, transaction) =>
        {
            var linac = await LinacStore.GetAsync(connection, linacId, ct, transaction);
            var opening = await LinacStore.GetOpeningAsync(connection, transaction, linacId, openingId, ct);
            var zone = CenterCalendars.Zone(await CenterStore.GetAsync(connection, linac.CenterId, ct, transaction));
            var day = WireFormat.ParseDate(opening.Date);
            var start = day.At(WireFormat.ParseTime(opening.OpensAt)).InZoneLeniently(zone).ToInstant();
            var end = day.At(WireFormat.ParseTime(opening.ClosesAt)).InZoneLeniently(zone).ToInstant();
            if (await LinacStore.PlanBookedInsideAsync(connection, transaction, linacId, start, end, ct) is { } planId)
            {
                throw Problems.Conflict($"Plan '{planId}' has a fraction booked on {linac.Name} during this opening ({opening.Date} {opening.OpensAt}-{opening.ClosesAt}): move that fraction or re-plan the plan first.");
            }

            await LinacStore.DeleteOpeningAsync(connection, transaction, openingId, ct);
            await AuditTrail.RecordAsync(connection, transaction, actor, clock.GetCurrentInstant(),
                new AuditEntry("opening.deleted", AuditEntities.Opening, openingId, ToResponse(opening, linac), null, why), ct);
        }, ct);
        return TypedResults.NoContent();
    }

    private static OpeningResponse ToResponse(OpeningRow o, LinacRow linac)
    {
        var minutes = Period.Between(WireFormat.ParseTime(o.OpensAt), WireFormat.ParseTime(o.ClosesAt), PeriodUnits.Minutes).Minutes;
        return new OpeningResponse(o.Id, o.LinacId, o.Date, o.OpensAt, o.ClosesAt, o.Reason, (int)(minutes / linac.SlotMinutes));
    }
}
