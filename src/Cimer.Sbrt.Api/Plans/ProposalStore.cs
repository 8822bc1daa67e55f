using System.Data;
using System.Text.Json;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;
using NodaTime;

namespace Cimer.Sbrt.Api.Plans;

/// <summary>A stored make-room proposal: what it was decided on, and whether it was accepted.</summary>
internal sealed class ProposalRow
{
    public string Id { get; init; } = "";
    public string PatientId { get; init; } = "";
    public string CenterId { get; init; } = "";
    public long MaxFractionsPerDay { get; init; }
    public string DecidedUtc { get; init; } = "";
    public string ExpiresUtc { get; init; } = "";
    public long CalendarVersion { get; init; }
    public long PatientVersion { get; init; }
    public string PlanVersions { get; init; } = "{}";
    public string Fingerprint { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public string? AcceptedUtc { get; init; }
    public string? AcceptedPlanId { get; init; }

    public IReadOnlyDictionary<string, long> Versions => StoredJson.Read<Dictionary<string, long>>(PlanVersions);
}

internal static class ProposalStore
{
    private const string Insert = """
        INSERT INTO proposals (id, patient_id, center_id, max_fractions_per_day, decided_utc, expires_utc, calendar_version,
                               patient_version, plan_versions, fingerprint, created_by)
        VALUES (@Id, @PatientId, @CenterId, @MaxFractionsPerDay, @DecidedUtc, @ExpiresUtc, @CalendarVersion,
                @PatientVersion, @PlanVersions, @Fingerprint, @CreatedBy);
        """;

    private const string Select = """
        SELECT id, patient_id, center_id, max_fractions_per_day, decided_utc, expires_utc, calendar_version, patient_version,
               plan_versions, fingerprint, created_by, accepted_utc, accepted_plan_id
        FROM proposals WHERE id = @id;
        """;

    private const string Accept = """
        UPDATE proposals SET accepted_utc = @acceptedUtc, accepted_plan_id = @planId WHERE id = @id AND accepted_utc IS NULL;
        """;

    // Live plans holding a slot in the range: what a new patient's plan there may collide with.
    private const string SelectLivePlansBooked = """
        SELECT p.id FROM plans p
        WHERE p.center_id = @centerId AND p.status NOT IN ('cancelled', 'completed')
          AND EXISTS (SELECT 1 FROM booked_fractions f WHERE f.plan_id = p.id AND f.start_utc >= @fromUtc AND f.start_utc < @toUtc)
        ORDER BY p.day_one, p.created_utc, p.id;
        """;

    public static Task InsertAsync(IDbConnection connection, IDbTransaction transaction, ProposalRow row, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Insert, row, transaction, cancellationToken: ct));

    public static async Task<ProposalRow> GetAsync(IDbConnection connection, IDbTransaction transaction, string id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<ProposalRow>(new CommandDefinition(Select, new { id }, transaction, cancellationToken: ct))
        ?? throw Problems.NotFound("proposal", id);

    public static async Task<bool> AcceptAsync(IDbConnection connection, IDbTransaction transaction, string id, string planId, Instant now, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(Accept, new { id, planId, acceptedUtc = WireFormat.ToUtc(now) }, transaction, cancellationToken: ct)) == 1;

    public static async Task<IReadOnlyList<string>> LivePlansBookedAsync(
        IDbConnection connection, IDbTransaction transaction, string centerId, Instant from, Instant to, CancellationToken ct) =>
        [.. await connection.QueryAsync<string>(new CommandDefinition(SelectLivePlansBooked,
            new { centerId, fromUtc = WireFormat.ToUtc(from), toUtc = WireFormat.ToUtc(to) }, transaction, cancellationToken: ct))];

    public static string Versions(IEnumerable<PlanRecord> plans) =>
        JsonSerializer.Serialize(plans.ToDictionary(p => p.Id, p => p.Version), StoredJson.Options);
}
