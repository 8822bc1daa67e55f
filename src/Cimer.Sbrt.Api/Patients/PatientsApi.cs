using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Patients;

internal static class PatientsApi
{
    public static RouteGroupBuilder MapPatients(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/patients").WithTags(ApiTags.Patients);

        group.MapPost("/", CreatePatient)
            .WithName(nameof(CreatePatient))
            .RequireAuthorization(Policies.Schedule)
            .WithSummary("Enrol a patient")
            .WithDescription("A participant known by a pseudonymous, unique study id. Arm 2 needs one to five lesions, each more than 0 and at most 5.0 cm; arm 1 has none.")
            .WithRequestExample(Examples.CreatePatient)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{patientId}", GetPatient)
            .WithName(nameof(GetPatient))
            .RequireAuthorization(Policies.Read)
            .WithSummary("Read a patient")
            .WithDescription("The patient and their lesions.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    internal static async Task<Results<Created<PatientResponse>, ValidationProblem>> CreatePatient(
        CreatePatientRequest body, Actor actor, Database database, IClock clock, CancellationToken ct)
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
            return TypedResults.Created($"/api/v1/patients/{patient.Id}", created);
        }, ct);
    }

    internal static async Task<Ok<PatientResponse>> GetPatient(string patientId, Database database, CancellationToken ct)
    {
        var response = await database.ReadAsync(async connection =>
        {
            var patient = await PatientStore.GetAsync(connection, patientId, ct);
            return ToResponse(patient, await PatientStore.LesionsAsync(connection, patientId, ct));
        });
        return TypedResults.Ok(response);
    }

    private static PatientResponse ToResponse(PatientRow patient, IReadOnlyList<LesionRow> lesions) =>
        new(patient.Id, patient.StudyId, patient.CenterId, (int)patient.Arm, patient.DayOne,
            [.. lesions.Select(l => new LesionResponse(l.Id, l.Label, l.Site, l.GreatestDiameterCm))]);
}
