namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>
/// An answer of this wire type as the service gives it: <see cref="ResponseExampleFilter"/> shows it
/// beside every 2xx of the type (and a list of the type as a list of one). The feature that owns the
/// type keeps its example beside it, so this folder never needs to know the features.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class WireExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}
