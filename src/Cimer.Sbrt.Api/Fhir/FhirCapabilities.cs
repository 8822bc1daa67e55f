using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;
using SearchParamComponent = Hl7.Fhir.Model.CapabilityStatement.SearchParamComponent;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>The CapabilityStatement: exactly the reads and searches <see cref="FhirApi"/> serves, nothing more.</summary>
internal static class FhirCapabilities
{
    /// <summary>When what this statement says last changed.</summary>
    private const string Date = "2026-11-28";

    public static CapabilityStatement Statement(string baseUrl)
    {
        var statement = new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = Date,
            Kind = CapabilityStatementKind.Instance,
            Software = new SoftwareComponent { Name = "Cimer.Sbrt" },
            Implementation = new ImplementationComponent { Description = "CIMER I-SBRT fraction scheduling, read-only FHIR view", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "json"],
        };
        var rest = new RestComponent
        {
            Mode = RestfulCapabilityMode.Server,
            Documentation = "Read-only. Searches answer searchset Bundles with total and self/next/previous links; page with _count (default 100, at most 2000) and _offset. An unknown parameter or a bad value is a 400 OperationOutcome.",
        };
        rest.Resource.Add(Resource("Schedule", "One per linac; the id is the linac's.",
            Param("actor", SearchParamType.Reference, "Device/{linacId}")));
        rest.Resource.Add(Resource("Slot", "Each linac slot on the center's open days: free, busy, or busy-unavailable (downtime, closure). Id {linacId}-{yyyyMMddTHHmm}Z (UTC start).",
            Param("schedule", SearchParamType.Reference, "Schedule/{linacId}"),
            Param("status", SearchParamType.Token, "free, busy, busy-unavailable (comma for any of them)"),
            Param("start", SearchParamType.Date, "eq, ge, gt, le, lt; give it twice for a range (start=ge2026-12-07&start=lt2026-12-14). Dates are center-local. Default today and 14 days on; at most 93 days.")));
        rest.Resource.Add(Resource("Appointment", "One per visit: all fractions of one plan on one date. Id {planId}-{yyyyMMdd}.",
            Param("date", SearchParamType.Date, "The visit's start: eq, ge, gt, le, lt, given once or twice. Dates are center-local."),
            Param("actor", SearchParamType.Reference, "Device/{linacId}"),
            Param("patient", SearchParamType.Token, $"The patient's study id (identifier system {FhirAppointments.StudyIdSystem})."),
            Param("status", SearchParamType.Token, "booked, fulfilled, noshow, cancelled, waitlist (comma for any of them)")));
        rest.Resource.Add(new ResourceComponent
        {
            Type = "Device",
            Documentation = "A linac; read only.",
            Interaction = [new ResourceInteractionComponent { Code = TypeRestfulInteraction.Read }],
        });
        statement.Rest.Add(rest);
        return statement;
    }

    private static ResourceComponent Resource(string type, string documentation, params SearchParamComponent[] parameters) => new()
    {
        Type = type,
        Documentation = documentation,
        Interaction =
        [
            new ResourceInteractionComponent { Code = TypeRestfulInteraction.Read },
            new ResourceInteractionComponent { Code = TypeRestfulInteraction.SearchType },
        ],
        SearchParam = [.. parameters, Param("_count", SearchParamType.Number, "Page size"), Param("_offset", SearchParamType.Number, "Matches skipped")],
    };

    private static SearchParamComponent Param(string name, SearchParamType type, string documentation) =>
        new() { Name = name, Type = type, Documentation = documentation };
}
