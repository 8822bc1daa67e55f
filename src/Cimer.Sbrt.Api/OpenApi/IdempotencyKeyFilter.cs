using System.Text.Json.Nodes;
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
            Description = "Makes a retry safe: the same key and request within 24 hours get the first answer again (with `Idempotent-Replayed: true`) and change nothing more; "
                + "the same key with another request is a 422, and while the first is still running a 409. Keys are per caller (token subject), "
                + $"1 to {IdempotencyKey.MaxLength} printable ASCII characters (a UUID, optionally quoted as an RFC 8941 string); a bad key is a 400.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKey.MaxLength },
            Example = JsonValue.Create("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""),
        });

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        operation.Responses.TryAdd("400", Problem("Bad input, or a bad Idempotency-Key.", problem));
        operation.Responses.TryAdd("409", Problem("A request with the same Idempotency-Key is still running.", problem));
        operation.Responses.TryAdd("422", Problem("The Idempotency-Key was used for another request.", problem));
        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in ordered)
        {
            operation.Responses.Add(status, response);
        }
    }

    private static OpenApiResponse Problem(string description, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
    };
}
