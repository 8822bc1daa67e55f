using System.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>The FHIR view's reads: the same linacs, bookings and fractions the API writes, no copy.</summary>
internal static class FhirStore
{
    private const string SelectLinacs = """
        SELECT l.id, l.center_id, l.name, l.opens_at, l.closes_at, l.slot_minutes, c.time_zone, c.name AS center_name
        FROM linacs l JOIN centers c ON c.id = l.center_id
        WHERE @id IS NULL OR l.id = @id
        ORDER BY l.id;
        """;

    private const string SelectVisitFractions = """
        SELECT f.id, f.plan_id, f.linac_id, l.name AS linac_name, f.start_utc, f.end_utc, f.status, f.cancelled,
               pt.study_id, c.time_zone
        FROM fractions f
        JOIN plans p ON p.id = f.plan_id
        JOIN patients pt ON pt.id = p.patient_id
        JOIN centers c ON c.id = p.center_id
        JOIN linacs l ON l.id = f.linac_id
        WHERE (@planId IS NULL OR f.plan_id = @planId) AND (@studyId IS NULL OR pt.study_id = @studyId)
          AND f.start_utc >= @fromUtc AND f.start_utc < @toUtc
        ORDER BY f.start_utc, f.id;
        """;

    public static async Task<IReadOnlyList<FhirLinacRow>> LinacsAsync(IDbConnection connection, string? id, CancellationToken ct) =>
        [.. await connection.QueryAsync<FhirLinacRow>(new CommandDefinition(SelectLinacs, new { id }, cancellationToken: ct))];

    /// <summary>Fractions starting in [fromUtc, toUtc) (ISO text; "0" and "9" leave a side open).</summary>
    public static async Task<IReadOnlyList<VisitFractionRow>> VisitFractionsAsync(
        IDbConnection connection, string? planId, string? studyId, string fromUtc, string toUtc, CancellationToken ct) =>
        [.. await connection.QueryAsync<VisitFractionRow>(new CommandDefinition(SelectVisitFractions, new { planId, studyId, fromUtc, toUtc }, cancellationToken: ct))];
}
