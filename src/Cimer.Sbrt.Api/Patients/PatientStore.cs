using System.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;

namespace Cimer.Sbrt.Api.Patients;

internal static class PatientStore
{
    private const string InsertPatient = """
        INSERT INTO patients (id, study_id, center_id, arm, day_one, created_utc)
        VALUES (@Id, @StudyId, @CenterId, @Arm, @DayOne, @CreatedUtc);
        """;

    private const string InsertLesion = """
        INSERT INTO lesions (id, patient_id, ordinal, label, site, greatest_diameter_cm)
        VALUES (@Id, @PatientId, @Ordinal, @Label, @Site, @GreatestDiameterCm);
        """;

    private const string SelectPatient = """
        SELECT id, study_id, center_id, arm, day_one FROM patients WHERE id = @id;
        """;

    private const string StudyIdTaken = "SELECT EXISTS (SELECT 1 FROM patients WHERE study_id = @studyId);";

    private const string SelectLesions = """
        SELECT id, patient_id, ordinal, label, site, greatest_diameter_cm FROM lesions
        WHERE patient_id = @patientId ORDER BY ordinal;
        """;

    public static async Task AddAsync(IDbConnection connection, IDbTransaction transaction, PatientRow patient, IReadOnlyList<LesionRow> lesions, string createdUtc, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(InsertPatient, new
        {
            patient.Id,
            patient.StudyId,
            patient.CenterId,
            patient.Arm,
            patient.DayOne,
            CreatedUtc = createdUtc,
        }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertLesion, lesions, transaction, cancellationToken: ct));
    }

    public static Task<bool> StudyIdTakenAsync(IDbConnection connection, IDbTransaction transaction, string studyId, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(StudyIdTaken, new { studyId }, transaction, cancellationToken: ct));

    public static async Task<PatientRow> GetAsync(IDbConnection connection, string id, CancellationToken ct, IDbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<PatientRow>(new CommandDefinition(SelectPatient, new { id }, transaction, cancellationToken: ct))
        ?? throw Problems.NotFound("patient", id);

    public static async Task<IReadOnlyList<LesionRow>> LesionsAsync(IDbConnection connection, string patientId, CancellationToken ct, IDbTransaction? transaction = null) =>
        [.. await connection.QueryAsync<LesionRow>(new CommandDefinition(SelectLesions, new { patientId }, transaction, cancellationToken: ct))];
}
