using System.Data;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Dapper;

namespace Cimer.Sbrt.Api.Patients;

/// <summary>A row of <c>patient_absences</c>, as stored.</summary>
internal sealed class AbsenceRow
{
    public string Id { get; init; } = "";
    public string PatientId { get; init; } = "";
    public string Date { get; init; } = "";
    public string Reason { get; init; } = "";
    public string CreatedUtc { get; init; } = "";
}

/// <summary>The dates a patient cannot come. Adding or removing one raises the patient's version in the same transaction.</summary>
internal static class AbsenceStore
{
    private const string Columns = "id, patient_id, date, reason, created_utc";

    private const string SelectAll = $"SELECT {Columns} FROM patient_absences WHERE patient_id = @patientId ORDER BY date;";

    // Several patients at once, as Dialect.QueryByIdsAsync binds them.
    private const string SelectOf = $"SELECT {Columns} FROM patient_absences WHERE patient_id IN @ids ORDER BY patient_id, date;";

    private const string SelectOfPostgres = $"SELECT {Columns} FROM patient_absences WHERE patient_id = ANY(@ids) ORDER BY patient_id, date;";

    private const string SelectOne = $"SELECT {Columns} FROM patient_absences WHERE patient_id = @patientId AND id = @id;";

    private const string SelectOnDate = $"SELECT {Columns} FROM patient_absences WHERE patient_id = @patientId AND date = @date;";

    private const string Insert = """
        INSERT INTO patient_absences (id, patient_id, date, reason, created_utc)
        VALUES (@Id, @PatientId, @Date, @Reason, @CreatedUtc);
        """;

    private const string Delete = "DELETE FROM patient_absences WHERE patient_id = @PatientId AND id = @Id;";

    private const string RaiseVersion = "UPDATE patients SET version = version + 1 WHERE id = @Id AND version = @Version;";

    /// <summary>The patient's absences in date order.</summary>
    public static async Task<IReadOnlyList<AbsenceRow>> ListAsync(IDbConnection connection, string patientId, CancellationToken ct, IDbTransaction? transaction = null) =>
        [.. await connection.QueryAsync<AbsenceRow>(new CommandDefinition(SelectAll, new { patientId }, transaction, cancellationToken: ct))];

    /// <summary>The absences of each of <paramref name="patientIds"/>, in date order.</summary>
    public static async Task<ILookup<string, AbsenceRow>> OfPatientsAsync(
        IDbConnection connection, IReadOnlyCollection<string> patientIds, CancellationToken ct, IDbTransaction? transaction = null) =>
        (await connection.QueryByIdsAsync<AbsenceRow>(SelectOf, SelectOfPostgres, patientIds, transaction, ct)).ToLookup(a => a.PatientId);

    /// <summary>The absence of this patient, or 404.</summary>
    public static async Task<AbsenceRow> GetAsync(IDbConnection connection, string patientId, string id, CancellationToken ct, IDbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<AbsenceRow>(new CommandDefinition(SelectOne, new { patientId, id }, transaction, cancellationToken: ct))
        ?? throw Problems.NotFound("absence of this patient", id);

    public static Task<AbsenceRow?> OnDateAsync(IDbConnection connection, IDbTransaction transaction, string patientId, string date, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<AbsenceRow>(new CommandDefinition(SelectOnDate, new { patientId, date }, transaction, cancellationToken: ct));

    /// <summary>Adds the absence and raises the patient's version from <paramref name="patientVersion"/>; the unique (patient, date) index is the last guard (409).</summary>
    public static async Task AddAsync(IDbConnection connection, IDbTransaction transaction, AbsenceRow absence, long patientVersion, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(Insert, absence, transaction, cancellationToken: ct));
        await RaiseAsync(connection, transaction, absence.PatientId, patientVersion, ct);
    }

    /// <summary>Removes the absence and raises the patient's version from <paramref name="patientVersion"/>.</summary>
    public static async Task RemoveAsync(IDbConnection connection, IDbTransaction transaction, AbsenceRow absence, long patientVersion, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(Delete, new { absence.PatientId, absence.Id }, transaction, cancellationToken: ct));
        await RaiseAsync(connection, transaction, absence.PatientId, patientVersion, ct);
    }

    public static Absence ToCore(AbsenceRow row) => new(WireFormat.ParseDate(row.Date), row.Reason) { Id = row.Id };

    private static async Task RaiseAsync(IDbConnection connection, IDbTransaction transaction, string patientId, long version, CancellationToken ct)
    {
        if (await connection.ExecuteAsync(new CommandDefinition(RaiseVersion, new { Id = patientId, Version = version }, transaction, cancellationToken: ct)) != 1)
        {
            throw Problems.Conflict("The patient changed while this request was being decided; read it again.");
        }
    }
}
