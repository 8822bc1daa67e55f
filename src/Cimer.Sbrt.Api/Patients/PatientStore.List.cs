using System.Data;
using Cimer.Sbrt.Api.Data;
using Dapper;

namespace Cimer.Sbrt.Api.Patients;

internal static partial class PatientStore
{
    // Filters are optional (null matches all); the status is derived, so it filters the derived column.
    private const string SelectPage = $"""
        SELECT id, study_id, center_id, arm, day_one, version, withdrawn_utc, withdrawal_reason, available_from, available_until, preferred_time, status FROM (
            SELECT {PatientColumns}
            WHERE (@centerId IS NULL OR p.center_id = @centerId)
              AND (@studyId IS NULL OR p.study_id = @studyId)
              AND (@afterId IS NULL OR p.id > @afterId)
        ) AS listed
        WHERE (@status IS NULL OR status = @status)
        ORDER BY id LIMIT @take;
        """;

    // Several patients at once, as Dialect.QueryByIdsAsync binds them.
    private const string SelectPatientsOf = $"SELECT {PatientColumns} WHERE p.id IN @ids;";

    private const string SelectPatientsOfPostgres = $"SELECT {PatientColumns} WHERE p.id = ANY(@ids);";

    private const string SelectLesionsOf = """
        SELECT id, patient_id, ordinal, label, site, greatest_diameter_cm FROM lesions
        WHERE patient_id IN @ids AND removed_utc IS NULL ORDER BY patient_id, ordinal;
        """;

    private const string SelectLesionsOfPostgres = """
        SELECT id, patient_id, ordinal, label, site, greatest_diameter_cm FROM lesions
        WHERE patient_id = ANY(@ids) AND removed_utc IS NULL ORDER BY patient_id, ordinal;
        """;

    /// <summary>Patients in id order after <paramref name="afterId"/>, at most <paramref name="take"/>.</summary>
    public static async Task<IReadOnlyList<PatientRow>> PageAsync(
        IDbConnection connection, string? centerId, string? studyId, string? status, string? afterId, int take, CancellationToken ct) =>
        [.. await connection.QueryAsync<PatientRow>(new CommandDefinition(SelectPage, new { centerId, studyId, status, afterId, take }, cancellationToken: ct))];

    /// <summary>The patients with <paramref name="ids"/> that exist, in no particular order.</summary>
    public static Task<IReadOnlyList<PatientRow>> ManyAsync(IDbConnection connection, IReadOnlyCollection<string> ids, CancellationToken ct, IDbTransaction? transaction = null) =>
        connection.QueryByIdsAsync<PatientRow>(SelectPatientsOf, SelectPatientsOfPostgres, ids, transaction, ct);

    /// <summary>The lesions of each of <paramref name="patientIds"/>, in enrolment order.</summary>
    public static async Task<ILookup<string, LesionRow>> LesionsOfAsync(
        IDbConnection connection, IReadOnlyCollection<string> patientIds, CancellationToken ct, IDbTransaction? transaction = null) =>
        (await connection.QueryByIdsAsync<LesionRow>(SelectLesionsOf, SelectLesionsOfPostgres, patientIds, transaction, ct)).ToLookup(l => l.PatientId);
}
