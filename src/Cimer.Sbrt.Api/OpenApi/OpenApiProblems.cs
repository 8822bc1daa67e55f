using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>What the operation filters share: a problem+json response, and responses in status order.</summary>
internal static class OpenApiProblems
{
    public const string MediaType = "application/problem+json";

    public static OpenApiResponse Response(string description, IOpenApiSchema schema, string? example = null) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [MediaType] = new() { Schema = schema, Example = example is null ? null : JsonNode.Parse(example) },
        },
    };

    /// <summary>Adds <paramref name="more"/> to the description of the operation's <paramref name="status"/> response, creating it when missing.</summary>
    public static void Describe(OpenApiOperation operation, string status, string description, string more, IOpenApiSchema schema)
    {
        operation.Responses ??= [];
        if (operation.Responses.TryGetValue(status, out var existing) && existing is OpenApiResponse response)
        {
            response.Description = $"{response.Description} {more}".Trim();
            return;
        }

        operation.Responses[status] = Response($"{description} {more}", schema);
    }

    public static void Order(OpenApiOperation operation)
    {
        if (operation.Responses is null)
        {
            return;
        }

        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in ordered)
        {
            operation.Responses.Add(status, response);
        }
    }
}
