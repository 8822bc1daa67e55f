using Cimer.Sbrt.Api.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cimer.Sbrt.Api.OpenApi;

/// <summary>
/// Marks each operation that needs a token with the bearer requirement (Swagger UI's padlock),
/// its 401 and 403 problems, and the roles its policy accepts; anonymous ones are left alone.
/// </summary>
internal sealed class BearerSecurityFilter : IOperationFilter
{
    public const string SchemeName = "Bearer";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
        {
            return;
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        // Several policies on one endpoint must all pass: the roles that pass them all.
        var roles = policies.Select(p => Policies.RolesOf.GetValueOrDefault(p, [])).DefaultIfEmpty(Roles.All).Aggregate((a, b) => [.. a.Intersect(b)]);
        operation.Description = $"{operation.Description}\n\nRoles: {string.Join(", ", roles.Select(r => $"`{r}`"))}.".TrimStart();

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        operation.Responses["401"] = OpenApiProblems.Response("No bearer token, or one that is expired, wrongly signed or for another issuer or audience.", problem, ProblemExamples.Unauthorized);
        // The refusal a token with another role gets: viewer, unless the operation takes viewers too.
        var yours = Roles.All.Reverse().Where(r => !roles.Contains(r)).Take(1).ToList();
        operation.Responses["403"] = OpenApiProblems.Response(
            "The token carries none of the roles this operation accepts: the problem names them (`requiredRoles`) and yours (`yourRoles`).", problem, ProblemExamples.Forbidden(roles, yours));
        OpenApiProblems.Order(operation);
    }
}
