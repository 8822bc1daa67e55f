using Microsoft.AspNetCore.StaticFiles;

namespace Cimer.Sbrt.Api.Page;

/// <summary>
/// The page at <c>/</c> (<c>wwwroot/</c>): static files that hold no data, served before
/// authentication so the fallback policy never sees them; every call for data is the page's own,
/// with the bearer token the user pastes.
/// </summary>
internal static class PageServices
{
    /// <summary>No inline script or style anywhere on the page; SVGs arrive as data and are inlined or shown as blob: URLs.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Options for every <c>UseStaticFiles()</c>: the page's files carry the CSP; Swagger UI's
    /// (<c>/swagger</c>), which needs inline script, do not.
    /// </summary>
    public static IServiceCollection AddPage(this IServiceCollection services) =>
        services.Configure<StaticFileOptions>(options => options.OnPrepareResponse = context =>
        {
            if (context.Context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase)
                || context.Context.Request.Path.StartsWithSegments("/swagger-ui", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var headers = context.Context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-cache";
        });
}
