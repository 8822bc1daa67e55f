using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>An answer as the service gives it, shown in Swagger UI beside its status code.</summary>
internal sealed record ResponseExample(int Status, string Json);

internal static class ResponseExamples
{
    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder builder, int status, string json) =>
        builder.WithMetadata(new ResponseExample(status, json));
}

/// <summary>Copies an endpoint's <see cref="ResponseExample"/>s into its OpenAPI responses.</summary>
internal sealed class ResponseExampleFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var example in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ResponseExample>())
        {
            if (operation.Responses?.TryGetValue(example.Status.ToString(CultureInfo.InvariantCulture), out var response) != true
                || response?.Content is not { } content)
            {
                continue;
            }

            foreach (var mediaType in content.Values.OfType<OpenApiMediaType>())
            {
                mediaType.Example = JsonNode.Parse(example.Json);
            }
        }
    }
}
