using System.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Dapper;

namespace Cimer.Sbrt.Api.Linacs;

internal static class LinacStore
{
    private const string InsertLinac = """
        INSERT INTO linacs (id, center_id, name, opens_at, closes_at, slot_minutes, created_utc)
        VALUES (@Id, @CenterId, @Name, @OpensAt, @ClosesAt, @SlotMinutes, @CreatedUtc);
        """;

    private const string SelectLinac = """
        SELECT id, center_id, name, opens_at, closes_at, slot_minutes FROM linacs WHERE id = @id;
        """;

    private const string SelectCenterLinacs = """
        SELECT id, center_id, name, opens_at, closes_at, slot_minutes FROM linacs
        WHERE center_id = @centerId ORDER BY name, id;
        """;

    private const string InsertDowntime = """
        INSERT INTO downtimes (id, linac_id, start_local, end_local, reason, created_utc)
        VALUES (@Id, @LinacId, @StartLocal, @EndLocal, @Reason, @CreatedUtc);
        """;

    private const string SelectDowntimes = """
        SELECT id, linac_id, start_local, end_local, reason FROM downtimes
        WHERE linac_id = @linacId ORDER BY start_local, id;
        """;

    private const string SelectCenterDowntimes = """
        SELECT d.id, d.linac_id, d.start_local, d.end_local, d.reason
        FROM downtimes d JOIN linacs l ON l.id = d.linac_id
        WHERE l.center_id = @centerId ORDER BY d.start_local, d.id;
        """;

    public static Task AddAsync(IDbConnection connection, IDbTransaction transaction, LinacRow linac, string createdUtc, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertLinac, new
        {
            linac.Id,
            linac.CenterId,
            linac.Name,
            linac.OpensAt,
            linac.ClosesAt,
            linac.SlotMinutes,
            CreatedUtc = createdUtc,
        }, transaction, cancellationToken: ct));

    public static async Task<LinacRow> GetAsync(IDbConnection connection, string id, CancellationToken ct, IDbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<LinacRow>(new CommandDefinition(SelectLinac, new { id }, transaction, cancellationToken: ct))
        ?? throw Problems.NotFound("linac", id);

    public static async Task<IReadOnlyList<LinacRow>> ForCenterAsync(IDbConnection connection, string centerId, CancellationToken ct, IDbTransaction? transaction = null) =>
        [.. await connection.QueryAsync<LinacRow>(new CommandDefinition(SelectCenterLinacs, new { centerId }, transaction, cancellationToken: ct))];

    public static Task AddDowntimeAsync(IDbConnection connection, IDbTransaction transaction, DowntimeRow downtime, string createdUtc, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertDowntime, new
        {
            downtime.Id,
            downtime.LinacId,
            downtime.StartLocal,
            downtime.EndLocal,
            downtime.Reason,
            CreatedUtc = createdUtc,
        }, transaction, cancellationToken: ct));

    public static async Task<IReadOnlyList<DowntimeRow>> DowntimesAsync(IDbConnection connection, string linacId, CancellationToken ct) =>
        [.. await connection.QueryAsync<DowntimeRow>(new CommandDefinition(SelectDowntimes, new { linacId }, cancellationToken: ct))];

    /// <summary>The center's linacs with their downtimes, as the solver and the slot grid see them.</summary>
    public static async Task<IReadOnlyList<Linac>> SchedulingLinacsAsync(IDbConnection connection, string centerId, CancellationToken ct, IDbTransaction? transaction = null)
    {
        var linacs = await ForCenterAsync(connection, centerId, ct, transaction);
        var downtimes = (await connection.QueryAsync<DowntimeRow>(new CommandDefinition(SelectCenterDowntimes, new { centerId }, transaction, cancellationToken: ct)))
            .ToLookup(d => d.LinacId);
        return [.. linacs.Select(l => ToScheduling(l, downtimes[l.Id]))];
    }

    private static Linac ToScheduling(LinacRow linac, IEnumerable<DowntimeRow> downtimes) =>
        new(linac.Id, WireFormat.ParseTime(linac.OpensAt), WireFormat.ParseTime(linac.ClosesAt), (int)linac.SlotMinutes)
        {
            Name = linac.Name,
            Downtimes = [.. downtimes.Select(d => new Downtime(WireFormat.ParseDateTime(d.StartLocal), WireFormat.ParseDateTime(d.EndLocal), d.Reason) { Id = d.Id })],
        };
}
