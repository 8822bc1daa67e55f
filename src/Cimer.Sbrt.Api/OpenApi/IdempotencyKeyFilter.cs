using Cimer.Sbrt.Api.Idempotency;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>Documents <c>Idempotency-Key</c> on every POST that honours it, with its 409 and 422 problems.</summary>
internal sealed class IdempotencyKeyFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!string.Equals(context.ApiDescription.HttpMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase)
            || !metadata.OfType<IdempotentEndpoint>().Any())
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyKey.Header,
            In = ParameterLocation.Header,
            Required = false,
            // No example: Swagger UI would pre-fill it, and the second request from the page would be a 422.
            Description = "Optional; leave it empty unless you may retry. Send a fresh unique value for each logical request (a new UUID, e.g. from `uuidgen`), "
                + "and the same value only when you retry that same request: the same key and body within 24 hours get the first answer again "
                + "(with `Idempotent-Replayed: true`) and change nothing more; the same key with another body is a 422 (`idempotencyKeyReused`), "
                + "and while the first is still running a 409. Keys are per caller (token subject), "
                + $"1 to {IdempotencyKey.MaxLength} printable ASCII characters (optionally quoted as an RFC 8941 string); a bad key is a 400.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKey.MaxLength },
        });

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        operation.Responses.TryAdd("400", OpenApiProblems.Response("Bad input, or a bad Idempotency-Key.", problem));
        operation.Responses.TryAdd("409", OpenApiProblems.Response("A request with the same Idempotency-Key is still running.", problem));
        operation.Responses.TryAdd("422", OpenApiProblems.Response("The Idempotency-Key was used for another request.", problem));
        OpenApiProblems.Order(operation);
    }
}
