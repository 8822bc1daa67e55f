using System.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;

namespace Cimer.Sbrt.Api.Patients;

internal static partial class PatientStore
{
    private const string UpdateDayOne = """
        UPDATE patients SET day_one = @DayOne, available_from = @AvailableFrom, available_until = @AvailableUntil,
            preferred_time = @PreferredTime, version = version + 1
        WHERE id = @Id AND version = @Version;
        """;

    private const string UpdateLesion = """
        UPDATE lesions SET label = @Label, site = @Site, greatest_diameter_cm = @GreatestDiameterCm
        WHERE id = @Id AND patient_id = @PatientId AND removed_utc IS NULL;
        """;

    private const string RemoveLesion = """
        UPDATE lesions SET removed_utc = @RemovedUtc WHERE id = @Id AND patient_id = @PatientId AND removed_utc IS NULL;
        """;

    // Removed lesions keep their ordinal, so a new one takes the next after every lesion the patient ever had.
    private const string NextOrdinal = "SELECT COALESCE(MAX(ordinal), 0) + 1 FROM lesions WHERE patient_id = @patientId;";

    private const string Withdraw = """
        UPDATE patients SET withdrawn_utc = @WithdrawnUtc, withdrawal_reason = @Reason, version = version + 1
        WHERE id = @Id AND version = @Version AND withdrawn_utc IS NULL;
        """;

    private const string AnyDelivered = """
        SELECT f.start_utc FROM fractions f JOIN plans p ON p.id = f.plan_id
        WHERE p.patient_id = @patientId AND f.status = 'delivered'
        ORDER BY f.start_utc LIMIT 1;
        """;

    /// <summary>
    /// Writes a correction: day 1, lesions changed in place, new ones appended (their ids already set,
    /// ordinals given here), removed ones marked. A version that moved under us is a conflict.
    /// </summary>
    public static async Task CorrectAsync(
        IDbConnection connection, IDbTransaction transaction, PatientRow before, PatientCorrection correction, string nowUtc, CancellationToken ct)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(UpdateDayOne,
            new { before.Id, correction.DayOne, correction.Hours.AvailableFrom, correction.Hours.AvailableUntil, correction.Hours.PreferredTime, before.Version },
            transaction, cancellationToken: ct));
        if (updated != 1)
        {
            throw Problems.Conflict("The patient changed while this request was being decided; read it again.");
        }

        await connection.ExecuteAsync(new CommandDefinition(UpdateLesion, correction.Changed, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(RemoveLesion,
            correction.Removed.Select(l => new { l.Id, l.PatientId, RemovedUtc = nowUtc }), transaction, cancellationToken: ct));
        var ordinal = await connection.ExecuteScalarAsync<long>(new CommandDefinition(NextOrdinal, new { patientId = before.Id }, transaction, cancellationToken: ct));
        foreach (var lesion in correction.Added)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertLesion, new
            {
                lesion.Id,
                lesion.PatientId,
                Ordinal = ordinal++,
                lesion.Label,
                lesion.Site,
                lesion.GreatestDiameterCm,
            }, transaction, cancellationToken: ct));
        }
    }

    /// <summary>Marks the patient withdrawn at <paramref name="nowUtc"/>; false when it was already, or changed under us.</summary>
    public static async Task<bool> WithdrawAsync(IDbConnection connection, IDbTransaction transaction, PatientRow patient, string reason, string nowUtc, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(Withdraw,
            new { patient.Id, patient.Version, Reason = reason, WithdrawnUtc = nowUtc }, transaction, cancellationToken: ct)) == 1;

    /// <summary>The start (UTC text) of the patient's first delivered fraction in any plan, or null when none was delivered.</summary>
    public static Task<string?> FirstDeliveredAsync(IDbConnection connection, IDbTransaction transaction, string patientId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(AnyDelivered, new { patientId }, transaction, cancellationToken: ct));
}
