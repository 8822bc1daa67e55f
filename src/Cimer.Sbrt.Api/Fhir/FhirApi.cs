using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Data;
using Hl7.Fhir.Model;
using NodaTime;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>
/// FHIR R4, read-only, at <c>/fhir/r4</c>: a view over the same repositories as the API. Left out
/// of the OpenAPI document (FHIR has its own: <c>metadata</c>). Every error is an OperationOutcome:
/// a <see cref="FhirException"/> is answered here with its issue code, and anything else, refused
/// before or after a handler, by <see cref="FhirOutcomeWriter"/> through the one problem mapping.
/// </summary>
internal static class FhirApi
{
    public const string Prefix = "/fhir/r4";

    public static void MapFhir(this IEndpointRouteBuilder routes)
    {
        var fhir = routes.MapGroup(Prefix).ExcludeFromDescription()
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter(AnswerErrorsAsOutcomes);

        fhir.MapGet("/metadata", (HttpRequest request) => new FhirResult(FhirCapabilities.Statement(FhirBundles.BaseUrl(request))));

        fhir.MapGet("/Schedule", (HttpRequest request, Database database, CancellationToken ct) => SearchAsync(request, database, ["actor"],
            (connection, query) => FhirLinacs.SchedulesAsync(connection, query.Reference("actor", "Device"), ct)));
        fhir.MapGet("/Schedule/{id}", (string id, Database database, CancellationToken ct) => ReadAsync(database, c => FhirLinacs.ScheduleAsync(c, id, ct)));

        fhir.MapGet("/Slot", (HttpRequest request, Database database, IClock clock, CancellationToken ct) => SearchAsync(request, database, ["schedule", "status", "start"],
            (connection, query) => FhirSlots.SearchAsync(
                connection, query.Reference("schedule", "Schedule"), DateParameter.ParseAll("start", query.All("start")),
                query.Tokens("status", FhirSlots.Statuses), clock.GetCurrentInstant(), ct)));
        fhir.MapGet("/Slot/{id}", (string id, Database database, CancellationToken ct) => ReadAsync(database, c => FhirSlots.ReadAsync(c, id, ct)));

        fhir.MapGet("/Appointment", (HttpRequest request, Database database, CancellationToken ct) => SearchAsync(request, database, ["date", "actor", "patient", "status"],
            (connection, query) => FhirAppointments.SearchAsync(
                connection, DateParameter.ParseAll("date", query.All("date")), query.Reference("actor", "Device"), StudyId(query),
                query.Tokens("status", FhirAppointments.Statuses), ct)));
        fhir.MapGet("/Appointment/{id}", (string id, Database database, CancellationToken ct) => ReadAsync(database, c => FhirAppointments.ReadAsync(c, id, ct)));

        fhir.MapGet("/Device/{id}", (string id, Database database, CancellationToken ct) => ReadAsync(database, c => FhirLinacs.DeviceAsync(c, id, ct)));

        fhir.Map("/{**rest}", (HttpRequest request) => request.Method == HttpMethods.Get
            ? FhirException.Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotSupported, $"{request.Path} is not served: see {Prefix}/metadata.")
            : FhirException.Outcome(StatusCodes.Status405MethodNotAllowed, OperationOutcome.IssueType.NotSupported, "This FHIR server is read-only."));
    }

    private static async Task<FhirResult> SearchAsync<T>(
        HttpRequest request, Database database, string[] supported, Func<DbConnection, FhirQuery, Task<IReadOnlyList<T>>> search)
        where T : Resource
    {
        var query = FhirQuery.Parse(request.Query, supported);
        var matches = await database.ReadAsync(connection => search(connection, query));
        return new FhirResult(FhirBundles.Searchset(request, query, matches));
    }

    private static async Task<FhirResult> ReadAsync<T>(Database database, Func<DbConnection, Task<T>> read)
        where T : Resource => new(await database.ReadAsync(read));

    /// <summary><c>patient=CIMER-017</c>, or with the identifier's system: <c>patient=urn:cimer:study-id|CIMER-017</c>.</summary>
    private static string? StudyId(FhirQuery query) => query.Single("patient") is { } value ? value[(value.IndexOf('|', StringComparison.Ordinal) + 1)..] : null;

    private static async ValueTask<object?> AnswerErrorsAsOutcomes(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (FhirException exception)
        {
            return FhirException.Outcome(exception.Status, exception.Code, exception.Message);
        }
    }
}
