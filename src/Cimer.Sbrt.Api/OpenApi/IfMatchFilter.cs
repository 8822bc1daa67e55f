using Cimer.Sbrt.Api.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>
/// Declares the required <c>If-Match</c> header, and its 400, 412 and 428, on every operation whose
/// endpoint says <see cref="IfMatchRequiredExtensions.RequiresIfMatch{TBuilder}"/>: Swagger UI then
/// has a field for it (which its interceptor, wwwroot/swagger-ui/if-match.js, fills when left empty).
/// </summary>
internal sealed class IfMatchFilter : IOperationFilter
{
    public const string Header = "If-Match";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IfMatchRequired>().Any())
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = Header,
            In = ParameterLocation.Header,
            Required = true,
            Description = "The ETag of the version you read (GET answers it, and so does every change), quoted: `\"3\"`. "
                + "The change happens only if the resource is still at that version. Swagger UI fills it in when you leave it empty and have read the resource on this page.",
            // No pattern: Swagger UI would check it on an empty field, which its interceptor fills.
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        OpenApiProblems.Describe(operation, "400", "Bad input.", "Also an If-Match that is not a quoted strong entity tag (`1` or `W/\"1\"`: send `\"1\"`).", problem);
        operation.Responses["412"] = OpenApiProblems.Response("Stale If-Match: the resource changed since you read it. GET it again (currentVersion says where it is now) and retry.", problem);
        operation.Responses["428"] = OpenApiProblems.Response("No If-Match: send the ETag you read, so a change never overwrites one you have not seen.", problem);
        OpenApiProblems.Order(operation);
    }
}
