using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>A request body a physicist can send as it is, shown in Swagger UI next to its endpoint.</summary>
internal sealed record RequestExample(string Json);

internal static class RequestExamples
{
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string json) =>
        builder.WithMetadata(new RequestExample(json));
}

/// <summary>Copies an endpoint's <see cref="RequestExample"/> into its OpenAPI request body.</summary>
internal sealed class RequestExampleFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var example = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequestExample>().FirstOrDefault();
        if (example is null || operation.RequestBody?.Content is not { } content)
        {
            return;
        }

        foreach (var mediaType in content.Values.OfType<OpenApiMediaType>())
        {
            mediaType.Example = JsonNode.Parse(example.Json);
        }
    }
}
