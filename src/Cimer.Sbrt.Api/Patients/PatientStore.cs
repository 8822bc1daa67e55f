using System.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;

namespace Cimer.Sbrt.Api.Patients;

internal static partial class PatientStore
{
    private const string InsertPatient = """
        INSERT INTO patients (id, study_id, center_id, arm, day_one, available_from, available_until, preferred_time, created_utc)
        VALUES (@Id, @StudyId, @CenterId, @Arm, @DayOne, @AvailableFrom, @AvailableUntil, @PreferredTime, @CreatedUtc);
        """;

    private const string InsertLesion = """
        INSERT INTO lesions (id, patient_id, ordinal, label, site, greatest_diameter_cm)
        VALUES (@Id, @PatientId, @Ordinal, @Label, @Site, @GreatestDiameterCm);
        """;

    /// <summary>
    /// The patient's columns and status, over <c>patients p</c> joined to its live plan <c>lp</c>:
    /// withdrawn, else enrolled (no live plan), completed, onTreatment (a fraction delivered), planned.
    /// </summary>
    private const string PatientColumns = """
        p.id, p.study_id, p.center_id, p.arm, p.day_one, p.version, p.withdrawn_utc, p.withdrawal_reason,
        p.available_from, p.available_until, p.preferred_time,
        CASE
            WHEN p.withdrawn_utc IS NOT NULL THEN 'withdrawn'
            WHEN lp.id IS NULL THEN 'enrolled'
            WHEN lp.status = 'completed' THEN 'completed'
            WHEN EXISTS (SELECT 1 FROM fractions f WHERE f.plan_id = lp.id AND f.status = 'delivered') THEN 'onTreatment'
            ELSE 'planned'
        END AS status
        FROM patients p LEFT JOIN plans lp ON lp.patient_id = p.id AND lp.status <> 'cancelled'
        """;

    private const string SelectPatient = $"SELECT {PatientColumns} WHERE p.id = @id;";

    private const string StudyIdTaken = "SELECT EXISTS (SELECT 1 FROM patients WHERE study_id = @studyId);";

    private const string SelectLesions = """
        SELECT id, patient_id, ordinal, label, site, greatest_diameter_cm FROM lesions
        WHERE patient_id = @patientId AND removed_utc IS NULL ORDER BY ordinal;
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
            patient.AvailableFrom,
            patient.AvailableUntil,
            patient.PreferredTime,
            CreatedUtc = createdUtc,
        }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertLesion, lesions, transaction, cancellationToken: ct));
    }

    public static Task<bool> StudyIdTakenAsync(IDbConnection connection, IDbTransaction transaction, string studyId, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(StudyIdTaken, new { studyId }, transaction, cancellationToken: ct));

    public static async Task<PatientRow> GetAsync(IDbConnection connection, string id, CancellationToken ct, IDbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<PatientRow>(new CommandDefinition(SelectPatient, new { id }, transaction, cancellationToken: ct))
        ?? throw Problems.NotFound("patient", id);

    /// <summary>The patient's lesions in enrolment order; those a correction removed are not among them.</summary>
    public static async Task<IReadOnlyList<LesionRow>> LesionsAsync(IDbConnection connection, string patientId, CancellationToken ct, IDbTransaction? transaction = null) =>
        [.. await connection.QueryAsync<LesionRow>(new CommandDefinition(SelectLesions, new { patientId }, transaction, cancellationToken: ct))];
}
