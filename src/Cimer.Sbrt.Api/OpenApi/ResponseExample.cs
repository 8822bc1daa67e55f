using System.Globalization;
using System.Reflection;
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

/// <summary>
/// Gives every response an example, so Swagger UI never shows <c>"string"</c>: an endpoint's own
/// <see cref="ResponseExample"/> first, then an example filled in by another filter (401, 403),
/// then the example of the 2xx answer's type (<see cref="WireExampleAttribute"/>), then a problem for the status.
/// Runs after the filters that add responses.
/// </summary>
internal sealed class ResponseExampleFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var description = context.ApiDescription;
        var own = description.ActionDescriptor.EndpointMetadata.OfType<ResponseExample>().ToList();
        foreach (var (status, response) in operation.Responses ?? [])
        {
            var explicitJson = own.LastOrDefault(e => e.Status.ToString(CultureInfo.InvariantCulture) == status)?.Json;
            foreach (var (mediaType, content) in response.Content ?? new Dictionary<string, OpenApiMediaType>())
            {
                if (explicitJson is null && content.Example is not null)
                {
                    continue;
                }

                var text = explicitJson ?? Default(status, description);
                content.Example = text is null ? null
                    : mediaType.Contains("json", StringComparison.Ordinal) ? JsonNode.Parse(text) : JsonValue.Create(text.ReplaceLineEndings("\r\n"));
            }
        }
    }

    private static string? Default(string status, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) => status switch
    {
        ['2', ..] => OfType(description.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode.ToString(CultureInfo.InvariantCulture) == status)?.Type),
        "400" => description.ParameterDescriptions.Any(p => p.Source.Id == "Body") ? ProblemExamples.UnknownField : ProblemExamples.BadQuery,
        "403" => ProblemExamples.Forbidden(Access.Roles.All, []),
        "404" => ProblemExamples.NotFound(Entity(description)),
        "409" => ProblemExamples.Conflict,
        "412" => ProblemExamples.StaleIfMatch,
        "422" => ProblemExamples.IdempotencyKeyReused,
        "428" => ProblemExamples.IfMatchRequired,
        _ => null,
    };

    private static string? OfType(Type? type)
    {
        if (type is null)
        {
            return null;
        }

        if (type.GetCustomAttribute<WireExampleAttribute>() is { } own)
        {
            return own.Json;
        }

        var element = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return element?.GetCustomAttribute<WireExampleAttribute>() is { } item ? $"[ {item.Json} ]" : null;
    }

    /// <summary>What the first id of the route names: <c>planId</c> is a plan.</summary>
    private static string Entity(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) =>
        description.ParameterDescriptions.FirstOrDefault(p => p.Source.Id == "Path" && p.Name.EndsWith("Id", StringComparison.Ordinal))?.Name[..^2] ?? "resource";
}
