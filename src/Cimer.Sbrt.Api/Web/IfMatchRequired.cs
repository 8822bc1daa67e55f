namespace Cimer.Sbrt.Api.Web;

/// <summary>
/// Endpoint metadata: the operation changes a versioned resource and checks <c>If-Match</c> with
/// <see cref="ETags.Require"/>. The OpenAPI document declares the header, its 400, 412 and 428
/// from it, so a new endpoint says so in one word: <c>.RequiresIfMatch()</c>.
/// </summary>
internal sealed class IfMatchRequired
{
    public static readonly IfMatchRequired Instance = new();

    private IfMatchRequired()
    {
    }
}

internal static class IfMatchRequiredExtensions
{
    public static TBuilder RequiresIfMatch<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(IfMatchRequired.Instance);
}
