using System.Data;
using Cimer.Sbrt.Api.Web;
using Dapper;

namespace Cimer.Sbrt.Api.Centers;

internal static class CenterStore
{
    private const string InsertCenter = """
        INSERT INTO centers (id, name, time_zone, open_days, holiday_calendar, created_utc)
        VALUES (@Id, @Name, @TimeZone, @OpenDays, @HolidayCalendar, @CreatedUtc);
        """;

    private const string SelectCenter = """
        SELECT id, name, time_zone, open_days, holiday_calendar, calendar_version FROM centers WHERE id = @id;
        """;

    private const string SelectCenters = """
        SELECT id, name, time_zone, open_days, holiday_calendar FROM centers ORDER BY name, id;
        """;

    private const string InsertClosure = """
        INSERT INTO closures (id, center_id, date, reason, created_utc)
        VALUES (@Id, @CenterId, @Date, @Reason, @CreatedUtc);
        """;

    private const string SelectClosure = """
        SELECT id, date, reason FROM closures WHERE center_id = @centerId AND date = @date;
        """;

    private const string SelectClosures = """
        SELECT id, date, reason FROM closures
        WHERE center_id = @centerId AND date BETWEEN @from AND @to
        ORDER BY date;
        """;

    public static Task AddAsync(IDbConnection connection, IDbTransaction transaction, CenterRow center, string createdUtc, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertCenter, new
        {
            center.Id,
            center.Name,
            center.TimeZone,
            center.OpenDays,
            center.HolidayCalendar,
            CreatedUtc = createdUtc,
        }, transaction, cancellationToken: ct));

    public static Task<CenterRow?> FindAsync(IDbConnection connection, string id, CancellationToken ct, IDbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<CenterRow>(new CommandDefinition(SelectCenter, new { id }, transaction, cancellationToken: ct));

    /// <summary>Every center, by name (then id, for centers of one name).</summary>
    public static Task<IEnumerable<CenterRow>> AllAsync(IDbConnection connection, CancellationToken ct) =>
        connection.QueryAsync<CenterRow>(new CommandDefinition(SelectCenters, cancellationToken: ct));

    public static async Task<CenterRow> GetAsync(IDbConnection connection, string id, CancellationToken ct, IDbTransaction? transaction = null) =>
        await FindAsync(connection, id, ct, transaction) ?? throw Problems.NotFound("center", id);

    public static Task AddClosureAsync(IDbConnection connection, IDbTransaction transaction, string centerId, ClosureRow closure, string createdUtc, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertClosure, new
        {
            closure.Id,
            CenterId = centerId,
            closure.Date,
            closure.Reason,
            CreatedUtc = createdUtc,
        }, transaction, cancellationToken: ct));

    public static Task<ClosureRow?> FindClosureAsync(IDbConnection connection, IDbTransaction transaction, string centerId, string date, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ClosureRow>(new CommandDefinition(SelectClosure, new { centerId, date }, transaction, cancellationToken: ct));

    public static Task<IEnumerable<ClosureRow>> ClosuresAsync(IDbConnection connection, string centerId, string from, string to, CancellationToken ct, IDbTransaction? transaction = null) =>
        connection.QueryAsync<ClosureRow>(new CommandDefinition(SelectClosures, new { centerId, from, to }, transaction, cancellationToken: ct));
}
