using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>FHIR JSON as the Firely SDK writes it: one options instance, built once and reused.</summary>
internal static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    public static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
}

/// <summary>A FHIR resource as the answer, <c>application/fhir+json</c>.</summary>
internal sealed class FhirResult(Resource resource, int statusCode = StatusCodes.Status200OK) : IResult
{
    public Resource Resource => resource;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = FhirJson.MediaType + "; charset=utf-8";
        await JsonSerializer.SerializeAsync(httpContext.Response.Body, resource, resource.GetType(), FhirJson.Options, httpContext.RequestAborted);
    }
}
