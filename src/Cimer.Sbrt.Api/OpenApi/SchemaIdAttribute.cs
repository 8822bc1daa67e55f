namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>
/// The schema name a wire type has in the OpenAPI document when its C# name must differ (it would
/// clash with a core type): the document, and every client generated from it, keep the name.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class SchemaIdAttribute(string id) : Attribute
{
    public string Id { get; } = id;
}
