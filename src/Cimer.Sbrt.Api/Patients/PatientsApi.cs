using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Patients;

internal static partial class PatientsApi
{
    private static readonly Dictionary<string, PatientStatus> Statuses = Enum.GetValues<PatientStatus>().ToDictionary(StoredJson.Name, StringComparer.Ordinal);

    public static RouteGroupBuilder MapPatients(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/patients").WithTags(ApiTags.Patients);

        group.MapPost("/", CreatePatient)
            .WithName(nameof(CreatePatient))
            .RequireAuthorization(Policies.Schedule)
            .WithSummary("Enrol a patient")
            .WithDescription("A participant known by a pseudonymous, unique study id. Arm 2 needs one to five lesions, each more than 0 and at most 5.0 cm; arm 1 has none. Optional hours she can come, center time: `availableFrom` and `availableUntil` (\"HH:mm\", hard: every plan, re-plan and disruption keeps them; from before until) and a `preferredTime` (soft: among plans equal on window, span and visits, visits start closest to it). Dates she cannot come are absences (POST /patients/{patientId}/absences). The answer's ETag is the patient's version.")
            .WithRequestExample(Examples.CreatePatient)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/", ListPatients)
            .WithName(nameof(ListPatients))
            .RequireAuthorization(Policies.Read)
            .WithSummary("Find patients")
            .WithDescription($"Patients in id order, filtered by `centerId`, `studyId` (exact) and `status` (enrolled, planned, onTreatment, completed, withdrawn), each optional. Pages of `limit` (1 to {Paging.MaxLimit}, default {Paging.DefaultLimit}); `next` is the URL of the next page, null on the last. 400 for a bad parameter or cursor; 404 for an unknown centerId.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{patientId}", GetPatient)
            .WithName(nameof(GetPatient))
            .RequireAuthorization(Policies.Read)
            .WithSummary("Read a patient")
            .WithDescription("The patient, their lesions, status and version. The strong ETag is the version: send it back as If-Match to correct the patient.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    internal static async Task<Results<Created<PatientResponse>, ValidationProblem>> CreatePatient(
        CreatePatientRequest body, Actor actor, Database database, IClock clock, HttpResponse response, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (patient, lesions) = PatientValidation.Check(body, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await database.WriteAsync<Results<Created<PatientResponse>, ValidationProblem>>(async (connection, transaction) =>
        {
            if (await CenterStore.FindAsync(connection, patient.CenterId, ct, transaction) is null)
            {
                errors.Add("centerId", $"No center with id '{patient.CenterId}'.");
                return errors.ToProblem();
            }

            if (await PatientStore.StudyIdTakenAsync(connection, transaction, patient.StudyId, ct))
            {
                throw Problems.Conflict($"Study id '{patient.StudyId}' is already enrolled.");
            }

            var now = clock.GetCurrentInstant();
            var created = ToResponse(patient, lesions);
            await PatientStore.AddAsync(connection, transaction, patient, lesions, WireFormat.ToUtc(now), ct);
            await AuditTrail.RecordAsync(connection, transaction, actor, now,
                new AuditEntry("patient.created", AuditEntities.Patient, patient.Id, null, created, null), ct);
            response.Headers.ETag = ETags.For(created.Version);
            return TypedResults.Created($"/api/v1/patients/{patient.Id}", created);
        }, ct);
    }

    internal static async Task<Ok<PatientResponse>> GetPatient(string patientId, Database database, HttpResponse response, CancellationToken ct)
    {
        var patient = await database.ReadAsync(async connection =>
        {
            var patient = await PatientStore.GetAsync(connection, patientId, ct);
            return ToResponse(patient, await PatientStore.LesionsAsync(connection, patientId, ct));
        });
        response.Headers.ETag = ETags.For(patient.Version);
        return TypedResults.Ok(patient);
    }

    /// <summary>Find patients</summary>
    /// <param name="centerId">Only the patients of this center (404 when there is no such center).</param>
    /// <param name="studyId">Only the patient with this study id.</param>
    /// <param name="status">Only patients in this status: enrolled, planned, onTreatment, completed or withdrawn.</param>
    /// <param name="limit">Patients per page, a whole number from 1 to 200; default 50.</param>
    /// <param name="cursor">Where the page starts: take it from the previous page's next URL.</param>
    /// <param name="database">The service's database.</param>
    /// <param name="request">Its URL makes the next one.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Ok<Page<PatientResponse>>, ValidationProblem>> ListPatients(
        string? centerId, string? studyId, string? status, string? limit, string? cursor, Database database, HttpRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var take = Paging.Limit(errors, limit);
        var after = Paging.Cursor(errors, cursor, "patients", 1);
        if (status is not null && !Statuses.ContainsKey(status))
        {
            errors.Add("status", $"One of {string.Join(", ", Statuses.Keys)}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var page = await database.ReadAsync(async connection =>
        {
            if (centerId is not null)
            {
                await CenterStore.GetAsync(connection, centerId, ct);
            }

            var rows = await PatientStore.PageAsync(connection, centerId, studyId, status, after?[0], take + 1, ct);
            var lesions = await PatientStore.LesionsOfAsync(connection, [.. rows.Take(take).Select(r => r.Id)], ct);
            return Paging.Of(request, "patients", rows, take, r => [r.Id], r => ToResponse(r, [.. lesions[r.Id]]));
        });
        return TypedResults.Ok(page);
    }

    internal static PatientResponse ToResponse(PatientRow patient, IReadOnlyList<LesionRow> lesions) =>
        new(patient.Id, patient.StudyId, patient.CenterId, (int)patient.Arm, patient.DayOne,
            [.. lesions.Select(l => new LesionResponse(l.Id, l.Label, l.Site, l.GreatestDiameterCm))],
            patient.Version,
            StoredJson.Parse<PatientStatus>(patient.Status),
            patient.WithdrawnUtc is { } at ? new WithdrawalResponse(at, patient.WithdrawalReason ?? "") : null,
            patient.AvailableFrom, patient.AvailableUntil, patient.PreferredTime);
}
