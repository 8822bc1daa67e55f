using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>
/// Corrections and the withdrawal: patient-level changes that carry the live plan with them, in one
/// transaction. Here, not in Patients/, because they re-plan or cancel the plan: plans depend on
/// patients, never the reverse. Mapped right after <see cref="PatientsApi.MapPatients"/>, under the
/// same prefix and tag, so the routes and the OpenAPI document are as they were.
/// </summary>
internal static class PatientChangesApi
{
    public static RouteGroupBuilder MapPatientChanges(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/patients").WithTags(ApiTags.Patients);

        group.MapPatch("/{patientId}", CorrectPatient)
            .WithName(nameof(CorrectPatient))
            .RequireAuthorization(Policies.Schedule)
            .WithSummary("Correct day 1, the lesions, or the hours the patient can come")
            .WithDescription("Hours: `availableFrom`/`availableUntil` (center time \"HH:mm\", hard; \"\" removes a limit) and `preferredTime` (soft) may change at any time, deliveries or not. When a fraction still to come breaks the new hours, or the preferred time changes, the live plan is re-planned as a re-plan of what remains (delivered, pinned and past fractions never move; only what must move does, or, for a new preferred time, the visits move towards it without a longer span or more visits) and the answer's plan has `changes`; when the plan already keeps the new hours it stays as it is (`changes` empty). A change of hours is asked for, so when no plan fits the new hours (by D1+19, or a pinned fraction outside them) the answer is 422 with the scheduler's reasons and nothing changes, even after deliveries: ask with other hours, or move or unpin the fraction first. 409 when a past fraction outside the new hours has no delivery record. Day 1 and lesions: corrects `dayOne` and/or the lesions until the first fraction is delivered. `lesions` is the complete new list: a lesion with its `id` is kept with the values sent, one without an id is added, one left out is removed (arm 2: one to five, each at most 5.0 cm; arm 1: none). A new day 1 or another set of lesions makes the live plan again in the same transaction, as a first plan for the corrected patient around its pinned fractions; labels, sites and diameters alone move nothing. Answers the patient and their plan; 422 with the scheduler's reasons and suggestions when no plan fits, and nothing changes. `reason` is required (400). Needs the patient's If-Match (428 without, 412 when stale); 409 once a fraction was delivered, while a past fraction has no delivery record, or when the patient withdrew.")
            .WithRequestExample(PatientExamples.CorrectPatient)
            .RequiresIfMatch()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/{patientId}/withdrawal", WithdrawPatient)
            .WithName(nameof(WithdrawPatient))
            .RequireAuthorization(Policies.Schedule)
            .WithSummary("Withdraw a patient from the trial")
            .WithDescription("Marks the patient withdrawn and cancels their live plan as DELETE /plans/{id} does (its slots are freed, delivered and missed fractions stay as history); a completed plan stays as it is. No plan can be made afterwards (409). `reason` is required (400). If-Match with the patient's ETag is optional: when sent it must be current (412). 409 when the patient already withdrew.")
            .WithRequestExample(PatientExamples.WithdrawPatient)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return group;
    }

    internal static async Task<Results<Ok<PatientChangeResponse>, ValidationProblem>> CorrectPatient(
        string patientId, CorrectPatientRequest body, Actor actor, Database database, IClock clock, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        PatientCorrection.CheckShape(body, errors, PlansApi.MaxReasonLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var reason = body.Reason!.Trim();
        return await database.WriteAsync<Results<Ok<PatientChangeResponse>, ValidationProblem>>(async (connection, transaction) =>
        {
            var now = clock.GetCurrentInstant();
            var patient = await PatientStore.GetAsync(connection, patientId, ct, transaction);
            // Day 1 and the lesions are treatment facts once a fraction is given; her hours are not, and change any time.
            var plan = body.DayOne is not null || body.Lesions is not null
                ? await LoadForCorrectionAsync(connection, transaction, patient, now, ct)
                : await LoadForHoursAsync(connection, transaction, patient, ct);
            ETags.Require(request, patient.Version, "patient");
            var lesions = await PatientStore.LesionsAsync(connection, patientId, ct, transaction);
            if (PatientCorrection.Of(patient, lesions, body, errors) is not { } correction)
            {
                return errors.ToProblem();
            }

            var corrected = With(patient, dayOne: correction.DayOne, hours: correction.Hours);
            PlanDecision? decision = null;
            if (plan is not null && correction.Replans)
            {
                var inputs = await PlanningInputs.LoadAsync(connection, transaction, corrected, ct, correction.Lesions);
                decision = PlanResponses.DecisionOf(PlanLifecycle.Correct(plan.Plan, inputs.Around(plan.Id), reason, now, SharedSlotGrids.Cache, Ids.New));
            }
            else if (plan is not null && (correction.HoursChanged || correction.PreferredTimeChanged))
            {
                var inputs = await PlanningInputs.LoadAsync(connection, transaction, corrected, ct, correction.Lesions);
                var change = HoursReplanning.Decide(plan.Plan, inputs.Around(plan.Id), correction.PreferredTimeChanged, reason, now, SharedSlotGrids.Cache, Ids.New);
                decision = change is null ? null : PlanResponses.DecisionOf(change);
            }

            // The lesions first: the plan's new fractions name them.
            await PatientStore.CorrectAsync(connection, transaction, patient, correction, WireFormat.ToUtc(now), ct);
            if (decision is not null)
            {
                plan = await PlanChanges.WriteAsync(connection, transaction, plan, decision, actor, now, ct);
            }

            var after = PatientsApi.ToResponse(corrected, correction.Lesions);
            await AuditTrail.RecordAsync(connection, transaction, actor, now,
                new AuditEntry("patient.corrected", AuditEntities.Patient, patient.Id, PatientsApi.ToResponse(patient, lesions), after, reason), ct);
            response.Headers.ETag = ETags.For(after.Version);
            var changes = decision?.Changes ?? (correction.HoursChanged || correction.PreferredTimeChanged ? [] : null);
            return TypedResults.Ok(new PatientChangeResponse(after, plan is null ? null : PlanResponses.From(plan, changes)));
        }, ct);
    }

    internal static async Task<Results<Ok<PatientChangeResponse>, ValidationProblem>> WithdrawPatient(
        string patientId, WithdrawPatientRequest body, Actor actor, Database database, IClock clock, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reason = errors.Text("reason", body.Reason, maxLength: PlansApi.MaxReasonLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await database.WriteAsync<Results<Ok<PatientChangeResponse>, ValidationProblem>>(async (connection, transaction) =>
        {
            var now = clock.GetCurrentInstant();
            var patient = await PatientStore.GetAsync(connection, patientId, ct, transaction);
            if (patient.WithdrawnUtc is { } since)
            {
                throw Problems.Conflict($"The patient already withdrew from the trial ({since}).");
            }

            // Optional: a withdrawal overwrites nothing a stale reader could have missed, and a second one is a 409.
            if (request.Headers.IfMatch.Count > 0)
            {
                ETags.Require(request, patient.Version, "patient");
            }

            var plan = await PlanStore.LivePlanIdAsync(connection, transaction, patientId, ct) is { } planId
                ? await PlanStore.GetAsync(connection, planId, ct, transaction)
                : null;
            if (plan is { Plan.Status: not PlanStatus.Completed })
            {
                plan = await PlanChanges.WriteAsync(connection, transaction, plan, PlanResponses.DecisionOf(PlanLifecycle.Cancel(plan.Plan, reason!)), actor, now, ct);
            }

            if (!await PatientStore.WithdrawAsync(connection, transaction, patient, reason!, WireFormat.ToUtc(now), ct))
            {
                throw Problems.Conflict("The patient changed while this request was being decided; read it again.");
            }

            var lesions = await PatientStore.LesionsAsync(connection, patientId, ct, transaction);
            var after = PatientsApi.ToResponse(With(patient, withdrawnUtc: WireFormat.ToUtc(now), reason: reason), lesions);
            await AuditTrail.RecordAsync(connection, transaction, actor, now,
                new AuditEntry("patient.withdrawn", AuditEntities.Patient, patient.Id, PatientsApi.ToResponse(patient, lesions), after, reason), ct);
            response.Headers.ETag = ETags.For(after.Version);
            return TypedResults.Ok(new PatientChangeResponse(after, plan is null ? null : PlanResponses.From(plan)));
        }, ct);
    }

    /// <summary>
    /// The live plan a correction carries (or null), after the 409s a client can act on: the patient
    /// withdrew; a fraction was delivered (day 1 and the lesions are then treatment facts); a fraction
    /// has started with no delivery record (it may have been given: record it first).
    /// </summary>
    private static async Task<PlanRecord?> LoadForCorrectionAsync(DbConnection connection, DbTransaction transaction, PatientRow patient, Instant now, CancellationToken ct)
    {
        if (patient.WithdrawnUtc is { } since)
        {
            throw Problems.Conflict($"The patient withdrew from the trial ({since}): there is nothing to correct.");
        }

        if (await PatientStore.FirstDeliveredAsync(connection, transaction, patient.Id, ct) is { } delivered)
        {
            throw Problems.Conflict($"A fraction was delivered ({delivered}): day 1 and the lesions are now part of the treatment record and can no longer be corrected.");
        }

        var plan = await PlanStore.LivePlanIdAsync(connection, transaction, patient.Id, ct) is { } planId
            ? await PlanStore.GetAsync(connection, planId, ct, transaction)
            : null;
        if (PlanLifecycle.CorrectionRefusal(plan?.Plan, now) is { } refusal)
        {
            throw PlanResponses.Refused(refusal);
        }

        return plan;
    }

    /// <summary>The live plan a change of hours carries (or null); 409 when the patient withdrew.</summary>
    private static async Task<PlanRecord?> LoadForHoursAsync(DbConnection connection, DbTransaction transaction, PatientRow patient, CancellationToken ct)
    {
        if (patient.WithdrawnUtc is { } since)
        {
            throw Problems.Conflict($"The patient withdrew from the trial ({since}): there is nothing to correct.");
        }

        return await PlanStore.LivePlanIdAsync(connection, transaction, patient.Id, ct) is { } planId
            ? await PlanStore.GetAsync(connection, planId, ct, transaction)
            : null;
    }

    /// <summary>The patient at its next version, with what changed; the status does not change with a correction.</summary>
    internal static PatientRow With(PatientRow patient, string? dayOne = null, string? withdrawnUtc = null, string? reason = null, PatientHours? hours = null) => new()
    {
        Id = patient.Id,
        StudyId = patient.StudyId,
        CenterId = patient.CenterId,
        Arm = patient.Arm,
        DayOne = dayOne ?? patient.DayOne,
        Version = patient.Version + 1,
        WithdrawnUtc = withdrawnUtc ?? patient.WithdrawnUtc,
        WithdrawalReason = reason ?? patient.WithdrawalReason,
        AvailableFrom = hours is null ? patient.AvailableFrom : hours.AvailableFrom,
        AvailableUntil = hours is null ? patient.AvailableUntil : hours.AvailableUntil,
        PreferredTime = hours is null ? patient.PreferredTime : hours.PreferredTime,
        Status = withdrawnUtc is null ? patient.Status : StoredJson.Name(PatientStatus.Withdrawn),
    };
}
