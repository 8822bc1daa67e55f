using System.Security.Claims;

namespace Cimer.Sbrt.Api.Audit;

/// <summary>
/// Who makes a change: the token's subject (<c>sub</c>, which ASP.NET Core reads as the
/// NameIdentifier claim) and its <c>role</c> claims. A request without a signed-in user acts as
/// <see cref="Anonymous"/>; the nightly job as <see cref="Reconciliation"/>, the webhook sender as
/// <see cref="Webhooks"/>. A handler asks for
/// one as a parameter (<see cref="BindAsync"/>), which never appears in the OpenAPI document.
/// </summary>
internal sealed record Actor(string Subject, IReadOnlyList<string> Roles)
{
    public static readonly Actor Anonymous = new("anonymous", []);

    public static readonly Actor Reconciliation = new("system:reconciliation", []);

    public static readonly Actor Webhooks = new("system:webhooks", []);

    public static Actor From(ClaimsPrincipal user)
    {
        var subject = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value;
        if (string.IsNullOrWhiteSpace(subject) || user.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        var roleTypes = user.Identities.Select(i => i.RoleClaimType).Append(ClaimTypes.Role).Append("role").ToHashSet(StringComparer.Ordinal);
        var roles = user.Claims.Where(c => roleTypes.Contains(c.Type)).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new Actor(subject, [.. roles]);
    }

    /// <summary>Minimal APIs bind a handler's <see cref="Actor"/> parameter from the request's user.</summary>
    public static ValueTask<Actor?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Actor?>(From(context.User));
}
