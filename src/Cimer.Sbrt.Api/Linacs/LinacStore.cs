using System.Data;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Scheduling;
using Dapper;

namespace Cimer.Sbrt.Api.Linacs;

internal static class LinacStore
{
    private const string InsertLinac = """
        INSERT INTO linacs (id, center_id, name, opens_at, closes_at, slot_minutes, beam_group, version, created_utc)
        VALUES (@Id, @CenterId, @Name, @OpensAt, @ClosesAt, @SlotMinutes, @BeamGroup, 1, @CreatedUtc);
        """;

    private const string SelectLinac = """
        SELECT id, center_id, name, opens_at, closes_at, slot_minutes, beam_group, version FROM linacs WHERE id = @id;
        """;

    private const string SelectCenterLinacs = """
        SELECT id, center_id, name, opens_at, closes_at, slot_minutes, beam_group, version FROM linacs
        WHERE center_id = @centerId ORDER BY name, id;
        """;

    private const string UpdateBeamGroup = """
        UPDATE linacs SET beam_group = @beamGroup, version = version + 1 WHERE id = @id AND version = @version;
        """;

    private const string InsertOpening = """
        INSERT INTO openings (id, linac_id, date, opens_at, closes_at, reason, created_utc)
        VALUES (@Id, @LinacId, @Date, @OpensAt, @ClosesAt, @Reason, @CreatedUtc);
        """;

    private const string SelectOpening = """
        SELECT id, linac_id, date, opens_at, closes_at, reason FROM openings WHERE id = @id AND linac_id = @linacId;
        """;

    private const string SelectOpenings = """
        SELECT id, linac_id, date, opens_at, closes_at, reason FROM openings
        WHERE linac_id = @linacId AND date >= @from AND date <= @to ORDER BY date, opens_at, id;
        """;

    private const string SelectCenterOpenings = """
        SELECT o.id, o.linac_id, o.date, o.opens_at, o.closes_at, o.reason
        FROM openings o JOIN linacs l ON l.id = o.linac_id
        WHERE l.center_id = @centerId ORDER BY o.date, o.opens_at, o.id;
        """;

    private const string DeleteOpening = "DELETE FROM openings WHERE id = @id;";

    // Any fraction holding a slot (planned or delivered, its plan version standing) that overlaps the opening.
    private const string SelectBookedInside = """
        SELECT plan_id FROM booked_fractions
        WHERE linac_id = @linacId AND start_utc < @endUtc AND end_utc > @startUtc
        ORDER BY start_utc LIMIT 1;
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
            linac.BeamGroup,
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

    /// <summary>Sets the linac's beam group, raising its version; false when <paramref name="version"/> is no longer current.</summary>
    public static async Task<bool> SetBeamGroupAsync(IDbConnection connection, IDbTransaction transaction, string id, string? beamGroup, long version, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(UpdateBeamGroup, new { id, beamGroup, version }, transaction, cancellationToken: ct)) == 1;

    public static Task AddOpeningAsync(IDbConnection connection, IDbTransaction transaction, OpeningRow opening, string createdUtc, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertOpening, new
        {
            opening.Id,
            opening.LinacId,
            opening.Date,
            opening.OpensAt,
            opening.ClosesAt,
            opening.Reason,
            CreatedUtc = createdUtc,
        }, transaction, cancellationToken: ct));

    public static async Task<OpeningRow> GetOpeningAsync(IDbConnection connection, IDbTransaction transaction, string linacId, string id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<OpeningRow>(new CommandDefinition(SelectOpening, new { id, linacId }, transaction, cancellationToken: ct))
        ?? throw Problems.NotFound("opening of this linac", id);

    /// <summary>The linac's openings dated <paramref name="from"/>..<paramref name="to"/> (ISO dates, inclusive).</summary>
    public static async Task<IReadOnlyList<OpeningRow>> OpeningsAsync(
        IDbConnection connection, string linacId, string from, string to, CancellationToken ct, IDbTransaction? transaction = null) =>
        [.. await connection.QueryAsync<OpeningRow>(new CommandDefinition(SelectOpenings, new { linacId, from, to }, transaction, cancellationToken: ct))];

    public static Task DeleteOpeningAsync(IDbConnection connection, IDbTransaction transaction, string id, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(DeleteOpening, new { id }, transaction, cancellationToken: ct));

    /// <summary>The plan of a fraction holding a slot of the linac inside [start, end), or null.</summary>
    public static Task<string?> PlanBookedInsideAsync(
        IDbConnection connection, IDbTransaction transaction, string linacId, NodaTime.Instant start, NodaTime.Instant end, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(SelectBookedInside, new
        {
            linacId,
            startUtc = WireFormat.ToUtc(start),
            endUtc = WireFormat.ToUtc(end),
        }, transaction, cancellationToken: ct));

    /// <summary>The center's linacs with their beam groups, downtimes and openings, as the solver and the slot grid see them.</summary>
    public static async Task<IReadOnlyList<Linac>> SchedulingLinacsAsync(IDbConnection connection, string centerId, CancellationToken ct, IDbTransaction? transaction = null)
    {
        var linacs = await ForCenterAsync(connection, centerId, ct, transaction);
        var downtimes = (await connection.QueryAsync<DowntimeRow>(new CommandDefinition(SelectCenterDowntimes, new { centerId }, transaction, cancellationToken: ct)))
            .ToLookup(d => d.LinacId);
        var openings = (await connection.QueryAsync<OpeningRow>(new CommandDefinition(SelectCenterOpenings, new { centerId }, transaction, cancellationToken: ct)))
            .ToLookup(o => o.LinacId);
        return [.. linacs.Select(l => ToScheduling(l, downtimes[l.Id], openings[l.Id]))];
    }

    private static Linac ToScheduling(LinacRow linac, IEnumerable<DowntimeRow> downtimes, IEnumerable<OpeningRow> openings) =>
        new(linac.Id, WireFormat.ParseTime(linac.OpensAt), WireFormat.ParseTime(linac.ClosesAt), (int)linac.SlotMinutes)
        {
            Name = linac.Name,
            BeamGroup = linac.BeamGroup,
            Openings = [.. openings.Select(o => new Opening(WireFormat.ParseDate(o.Date), WireFormat.ParseTime(o.OpensAt), WireFormat.ParseTime(o.ClosesAt), o.Reason) { Id = o.Id })],
            Downtimes = [.. downtimes.Select(d => new Downtime(WireFormat.ParseDateTime(d.StartLocal), WireFormat.ParseDateTime(d.EndLocal), d.Reason) { Id = d.Id })],
        };
}
