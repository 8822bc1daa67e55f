using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;
using Cimer.Sbrt.Api.OpenApi;

namespace Cimer.Sbrt.Api.Audit;

internal static class AuditApi
{
    public const int DefaultPageSize = 50, MaxPageSize = 500, MaxActorLength = 255;

    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags(ApiTags.Administration);

        group.MapGet("/audit", ListAudit)
            .WithName(nameof(ListAudit))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Search the audit trail")
            .WithDescription($"Every recorded change, newest first, filtered by time (`from` inclusive, `to` exclusive: a moment such as `2026-12-07T09:00:00-05:00` or `2026-12-07T14:00:00Z`, or a date, read as that UTC day and, for `to`, including it), by `actor` (token subject) and by `entity` ({string.Join(", ", AuditEntities.All)}); paged by `page` (from 1) and `pageSize` (1 to {MaxPageSize}, default {DefaultPageSize}).")
            .ProducesValidationProblem();

        group.MapGet("/audit/verify", VerifyAudit)
            .WithName(nameof(VerifyAudit))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Verify the audit trail's hash chain")
            .WithDescription($"Recomputes the chain: each row's SHA-256 over its content and the hash of the row before it (serialisation in `Audit/AuditChain.cs`), in sequence order. A broken chain is a finding, not an error: `200` with `holds: false`, the first row that breaks it and why (\"{AuditVerification.ContentMismatch}\", \"{AuditVerification.PreviousMismatch}\" or \"{AuditVerification.Gap}\"). While it holds, `lastHash` is the last row's hash: kept elsewhere, it also shows rows later removed from the end.");

        return group;
    }

    internal static async Task<Ok<AuditVerifyResponse>> VerifyAudit(Database database, CancellationToken ct) =>
        TypedResults.Ok(await database.ReadAsync(connection => AuditVerification.VerifyAsync(connection, ct)));

    /// <summary>Search the audit trail</summary>
    /// <param name="from">Earliest moment, inclusive; a date is that day from 00:00 UTC.</param>
    /// <param name="to">Latest moment, exclusive; a date includes that whole UTC day.</param>
    /// <param name="actor">Only changes by this token subject (e.g. "system:reconciliation").</param>
    /// <param name="entity">Only changes to this kind of entity: center, closure, linac, downtime, patient, plan, webhook or feed.</param>
    /// <param name="page">Which page, from 1 (default 1).</param>
    /// <param name="pageSize">Rows per page, 1 to 500 (default 50).</param>
    /// <param name="database">The service's database.</param>
    /// <param name="ct">Cancels the request.</param>
    internal static async Task<Results<Ok<AuditPageResponse>, ValidationProblem>> ListAudit(
        string? from, string? to, string? actor, string? entity, int? page, int? pageSize, Database database, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var first = Moment(errors, "from", from, endOfDay: false);
        var last = Moment(errors, "to", to, endOfDay: true);
        if (first is { } f && last is { } l && l < f)
        {
            errors.Add("to", "Must not be before from.");
        }

        var who = errors.Text("actor", actor, maxLength: MaxActorLength, required: false);
        if (entity is not null && !AuditEntities.All.Contains(entity))
        {
            errors.Add("entity", EnumNames.NotOneOf(entity, AuditEntities.All));
        }

        if (page is < 1)
        {
            errors.Add("page", "From 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"Between 1 and {MaxPageSize}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var query = new AuditQuery(
            first is { } a ? WireFormat.ToUtcMillis(a) : null, last is { } b ? WireFormat.ToUtcMillis(b) : null,
            who, entity, page ?? 1, pageSize ?? DefaultPageSize);
        var (total, items) = await database.ReadAsync(connection => AuditStore.PageAsync(connection, query, ct));
        return TypedResults.Ok(new AuditPageResponse(query.Page, query.PageSize, total, items));
    }

    /// <summary>A moment with an offset or "Z", or a date read as a UTC day (its end, for <paramref name="endOfDay"/>).</summary>
    private static Instant? Moment(FieldErrors errors, string field, string? value, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (InstantPattern.ExtendedIso.Parse(text) is { Success: true } instant)
        {
            return InYears(errors, field, RequestYears.Contains(instant.Value), () => instant.Value);
        }

        if (WireFormat.TryMoment(text) is { Success: true } moment)
        {
            return InYears(errors, field, RequestYears.Contains(moment.Value), () => moment.Value.ToInstant());
        }

        if (WireFormat.Date.Parse(text) is { Success: true } date)
        {
            return InYears(errors, field, RequestYears.Contains(date.Value),
                () => (endOfDay ? date.Value.PlusDays(1) : date.Value).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant());
        }

        errors.Add(field, $"\"{value}\" is not a moment (\"2026-12-07T09:00:00-05:00\", \"2026-12-07T14:00:00Z\") or a date (\"2026-12-07\").");
        return null;
    }

    /// <summary>The instant, once the value meets the API's one bound on dates (a year beyond it overflows the conversion).</summary>
    private static Instant? InYears(FieldErrors errors, string field, bool inYears, Func<Instant> instant)
    {
        if (!inYears)
        {
            errors.Add(field, RequestYears.Rule);
            return null;
        }

        return instant();
    }
}
