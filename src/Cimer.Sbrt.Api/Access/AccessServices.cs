using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Cimer.Sbrt.Api.Access;

internal static class AccessServices
{
    /// <summary>
    /// Bearer JWTs configured from <c>Authentication:Schemes:Bearer</c> (as <c>dotnet user-jwts</c> writes
    /// it) and one policy per role set. The bearer options are checked at start.
    /// </summary>
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddSingleton<IValidateOptions<JwtBearerOptions>, BearerOptionsCheck>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).ValidateOnStart();

        var authorization = services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in Policies.RolesOf)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        // An endpoint mapped without a policy still needs a token with one of the four roles.
        authorization.SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser().RequireRole(Roles.All).Build());

        return services;
    }

    /// <summary>After Swagger (which stays open): who is calling, and whether they may.</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
