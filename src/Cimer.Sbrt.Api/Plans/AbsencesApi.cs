using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Api.Webhooks;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// The dates a patient cannot come. Here, not in Patients/, because recording one re-plans her live
/// plan: plans depend on patients, never the reverse. Read once, decide in the core
/// (<see cref="AbsenceReplanning"/>), write once.
/// </summary>
internal static class AbsencesApi
{
    public static RouteGroupBuilder MapAbsences(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/patients/{patientId}/absences").WithTags(ApiTags.Patients);

        group.MapPost("/", AddAbsence)
            .WithName(nameof(AddAbsence))
            .RequireAuthorization(Policies.Schedule)
            .WithSummary("Record a date the patient cannot come")
            .WithDescription("\"She cannot come on Friday\", said ahead: a hard rule for her alone, like a closure, but never a holiday, so it never earns the +/-2 day window widening. Her live plan is re-planned at once as a re-plan of what remains (R1-R5): only fractions that must move do, inside the window when it can; when it cannot, the plan runs past the window as few days as possible (never beyond D1+19) and carries `protocolDeviation` with a cause of kind `absence` naming it. A delivered, pinned or already started fraction on that date is never moved: the plan needs attention, saying which. When no re-plan fits by D1+19 the plan needs attention and its fractions that day are `displaced`. Answers `{ absence, plan }`, the plan with `changes` (from -> to). `date` is today or later, center time (422 for a past date); one absence per date (409); `reason` is required (400). If-Match with the patient's ETag is optional: when sent it must be current (412). Raises the patient's version. With `?dryRun=true` the answer is 200 with the same body and nothing is saved.")
            .WithRequestExample(PatientExamples.AddAbsence)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", ListAbsences)
            .WithName(nameof(ListAbsences))
            .RequireAuthorization(Policies.Read)
            .WithSummary("List the dates the patient cannot come")
            .WithDescription("Every absence of the patient, past and future, in date order. 404 for an unknown patient.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{absenceId}", GetAbsence)
            .WithName(nameof(GetAbsence))
            .RequireAuthorization(Policies.Read)
            .WithSummary("Read one absence")
            .WithDescription("The absence; 404 when the patient has no absence with this id.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{absenceId}", RemoveAbsence)
            .WithName(nameof(RemoveAbsence))
            .RequireAuthorization(Policies.Schedule)
            .WithSummary("Remove an absence")
            .WithDescription("She can come that day after all. The absence is removed and the patient's version raised, but her plan is NOT re-planned by it: fractions moved away from that date stay where they are (ask POST /plans/{planId}/replan to use the day again). The reason goes in the query string, `?reason=wedding%20postponed`; 400 without it. If-Match with the patient's ETag is optional: when sent it must be current (412). 404 for an unknown patient or absence.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return group;
    }

    /// <summary>Records an absence and re-plans the live plan, or only says what it would do.</summary>
    /// <param name="patientId">The patient who cannot come.</param>
    /// <param name="body">The local date and why.</param>
    /// <param name="dryRun">true: answer 200 with the same body and save nothing.</param>
    /// <param name="actor">Who records it: the audit trail's "who" for the absence and the re-plan.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now: today in the center's zone, and re-plans use only slots after it (R2).</param>
    /// <param name="request">Its If-Match, when sent, is the patient's version.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Created<AbsenceRecordedResponse>, Ok<AbsenceRecordedResponse>, ValidationProblem>> AddAbsence(
        string patientId, AddAbsenceRequest body, bool? dryRun, Actor actor, Database database, IClock clock, HttpRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var date = errors.Date("date", body.Date);
        var reason = errors.Text("reason", body.Reason, maxLength: PlansApi.MaxReasonLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        async Task<AbsenceRecordedResponse> Record(DbConnection connection, DbTransaction transaction)
        {
            var now = clock.GetCurrentInstant();
            var patient = await LoadPatientAsync(connection, transaction, patientId, request, ct);
            var center = await CenterStore.GetAsync(connection, patient.CenterId, ct, transaction);
            var today = now.InZone(CenterCalendars.Zone(center)).Date;
            var day = WireFormat.Format(date!.Value);
            if (date.Value < today)
            {
                throw Problems.Unprocessable("absenceInPast",
                    $"{day} is before today ({WireFormat.Format(today)}, center time): an absence is said ahead. Record a fraction she did not come to as missed instead.",
                    new[] { new ViolationResponse(Rules.NotInPast, $"{day} is in the past.", null, null, day) });
            }

            if (await AbsenceStore.OnDateAsync(connection, transaction, patientId, day, ct) is { } existing)
            {
                throw Problems.Conflict($"An absence on {existing.Date} is already recorded ({existing.Reason}), id '{existing.Id}'.");
            }

            var row = new AbsenceRow { Id = Ids.New(), PatientId = patientId, Date = day, Reason = reason!, CreatedUtc = WireFormat.ToUtc(now) };
            var plan = await LivePlanAsync(connection, transaction, patientId, ct);
            PlanDecision? decision = null;
            if (plan is not null)
            {
                var inputs = await PlanningInputs.LoadAsync(connection, transaction, patient, ct);
                var absence = AbsenceStore.ToCore(row);
                var around = inputs.Around(plan.Id) with { Patient = inputs.Patient with { Absences = [.. inputs.Patient.Absences, absence] } };
                decision = AbsenceReplanning.Decide(plan.Plan, around, absence,
                    $"Re-planned: the patient cannot come on {row.Date} ({row.Reason}).", now, SharedSlotGrids.Cache, Ids.New);
            }

            await AbsenceStore.AddAsync(connection, transaction, row, patient.Version, ct);
            var recorded = AbsenceResponse.From(row);
            await AuditTrail.RecordAsync(connection, transaction, actor, now,
                new AuditEntry("absence.created", AuditEntities.Patient, patientId, null, recorded, row.Reason), ct);
            // The cause before its effect: the absence's event, then the plan's.
            await Outbox.WritePatientAsync(connection, transaction, WebhookEvents.PatientAbsenceRecorded, patientId, patient.Version + 1, row.Id, row.Date, now, ct);
            if (decision is not null)
            {
                plan = await PlanChanges.WriteAsync(connection, transaction, plan, decision, actor, now, ct);
            }

            return new AbsenceRecordedResponse(recorded, plan is null ? null : PlanResponses.From(plan, decision?.Moves ?? []));
        }

        if (dryRun == true)
        {
            return TypedResults.Ok(await database.RehearseAsync(Record, ct));
        }

        var answer = await database.WriteAsync(Record, ct);
        return TypedResults.Created($"/api/v1/patients/{patientId}/absences/{answer.Absence.Id}", answer);
    }

    internal static async Task<Ok<IReadOnlyList<AbsenceResponse>>> ListAbsences(string patientId, Database database, CancellationToken ct) =>
        TypedResults.Ok(await database.ReadAsync<IReadOnlyList<AbsenceResponse>>(async connection =>
        {
            await PatientStore.GetAsync(connection, patientId, ct);
            return [.. (await AbsenceStore.ListAsync(connection, patientId, ct)).Select(AbsenceResponse.From)];
        }));

    internal static async Task<Ok<AbsenceResponse>> GetAbsence(string patientId, string absenceId, Database database, CancellationToken ct) =>
        TypedResults.Ok(await database.ReadAsync(async connection =>
        {
            await PatientStore.GetAsync(connection, patientId, ct);
            return AbsenceResponse.From(await AbsenceStore.GetAsync(connection, patientId, absenceId, ct));
        }));

    /// <summary>Removes an absence; the plan stays as it is.</summary>
    /// <param name="patientId">The patient.</param>
    /// <param name="absenceId">The absence to remove.</param>
    /// <param name="reason">Why, for the audit trail; required, at most 500 characters.</param>
    /// <param name="actor">Who removes it.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="clock">Now, for the audit trail and the event.</param>
    /// <param name="request">Its If-Match, when sent, is the patient's version.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<NoContent, ValidationProblem>> RemoveAbsence(
        string patientId, string absenceId, string? reason, Actor actor, Database database, IClock clock, HttpRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var why = errors.Text("reason", reason, maxLength: PlansApi.MaxReasonLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await database.WriteAsync(async (connection, transaction) =>
        {
            var now = clock.GetCurrentInstant();
            var patient = await LoadPatientAsync(connection, transaction, patientId, request, ct, withdrawnMayChange: true);
            var absence = await AbsenceStore.GetAsync(connection, patientId, absenceId, ct, transaction);
            await AbsenceStore.RemoveAsync(connection, transaction, absence, patient.Version, ct);
            await AuditTrail.RecordAsync(connection, transaction, actor, now,
                new AuditEntry("absence.deleted", AuditEntities.Patient, patientId, AbsenceResponse.From(absence), null, why), ct);
            await Outbox.WritePatientAsync(connection, transaction, WebhookEvents.PatientAbsenceRemoved, patientId, patient.Version + 1, absence.Id, absence.Date, now, ct);
        }, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The patient, after the checks a client can act on: 404, a stale If-Match (412), a withdrawal (409, unless removing).</summary>
    private static async Task<PatientRow> LoadPatientAsync(
        DbConnection connection, DbTransaction transaction, string patientId, HttpRequest request, CancellationToken ct, bool withdrawnMayChange = false)
    {
        var patient = await PatientStore.GetAsync(connection, patientId, ct, transaction);
        if (!withdrawnMayChange && patient.WithdrawnUtc is { } since)
        {
            throw Problems.Conflict($"The patient withdrew from the trial ({since}): there is no plan to keep her absences for.");
        }

        // Optional: an absence overwrites nothing a stale reader could have missed, and a second one on the same date is a 409.
        if (request.Headers.IfMatch.Count > 0)
        {
            ETags.Require(request, patient.Version, "patient");
        }

        return patient;
    }

    private static async Task<PlanRecord?> LivePlanAsync(DbConnection connection, DbTransaction transaction, string patientId, CancellationToken ct) =>
        await PlanStore.LivePlanIdAsync(connection, transaction, patientId, ct) is { } planId
            ? await PlanStore.GetAsync(connection, planId, ct, transaction)
            : null;
}
