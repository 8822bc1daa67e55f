using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Cimer.Sbrt.Api.Access;

/// <summary>
/// A 403 that says how to get in: the roles the operation accepts and the roles the token carries.
/// <see cref="Problem"/> is the message, for any path that answers refusals in its own shape;
/// the handler writes it as problem+json for the API and leaves /fhir/r4 to the default.
/// </summary>
internal sealed class RoleRefusals(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public static ProblemDetails Problem(IReadOnlyList<string> requiredRoles, IReadOnlyList<string> yourRoles) => new()
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        Status = StatusCodes.Status403Forbidden,
        Title = "Forbidden",
        Detail = (requiredRoles.Count == 1 ? $"This operation needs a token with the role {requiredRoles[0]}" : $"This operation needs a token with one of the roles {string.Join(", ", requiredRoles)}")
            + (yourRoles.Count == 0 ? "; yours carries no role." : $"; yours carries {string.Join(", ", yourRoles)}.")
            + " Ask for a token with a required role.",
        Extensions = { ["requiredRoles"] = requiredRoles, ["yourRoles"] = yourRoles },
    };

    /// <summary>The roles that pass every role requirement of <paramref name="policy"/>; empty when it names none.</summary>
    public static IReadOnlyList<string> RequiredRoles(AuthorizationPolicy policy) =>
        policy.Requirements.OfType<RolesAuthorizationRequirement>()
            .Select(r => (IEnumerable<string>)r.AllowedRoles)
            .DefaultIfEmpty([])
            .Aggregate((a, b) => a.Intersect(b, StringComparer.Ordinal))
            .ToList();

    public static IReadOnlyList<string> RolesOf(HttpContext context) =>
        [.. context.User.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || context.Request.Path.StartsWithSegments("/fhir", StringComparison.OrdinalIgnoreCase)
            || RequiredRoles(policy) is not { Count: > 0 } required)
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = Problem(required, RolesOf(context)) });
    }
}
