using System.Reflection;
using Microsoft.OpenApi;

namespace Cimer.Sbrt.Api.OpenApi;

internal static class OpenApiServices
{
    public const string DocumentPath = "/swagger/v1/swagger.json";

    /// <summary>Swagger UI's If-Match interceptors, served from wwwroot by the static files middleware.</summary>
    public const string SwaggerUiScript = "/swagger-ui/if-match.js";

    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Cimer.Sbrt",
                Version = "v1",
                Description = "Fraction scheduling for the CIMER I-SBRT trial: centers, linacs, patients, plans and the slots feed. "
                    + "Moments carry the center's UTC offset; errors are RFC 9457 problem details. Every operation but /health needs a bearer JWT (Authorize).",
            });
            options.IncludeXmlComments(typeof(OpenApiServices).Assembly);
            var byTypeName = options.SchemaGeneratorOptions.SchemaIdSelector;
            options.CustomSchemaIds(type => type.GetCustomAttribute<SchemaIdAttribute>()?.Id ?? byTypeName(type));
            options.OperationFilter<RequestExampleFilter>();
            options.AddSecurityDefinition(BearerSecurityFilter.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT from your identity provider whose `role` claims name admin, scheduler, physicist or viewer. "
                    + "Locally: `dotnet user-jwts create --role admin --role scheduler --role physicist` in src/Cimer.Sbrt.Api.",
            });
            options.OperationFilter<BearerSecurityFilter>();
            options.OperationFilter<IdempotencyKeyFilter>();
            options.OperationFilter<IfMatchFilter>();
            // Last: it gives an example to every response the filters above added.
            options.OperationFilter<ResponseExampleFilter>();
            options.DocumentFilter<TagOrderFilter>();
        });
        return services;
    }

    public static WebApplication UseOpenApiDocument(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint(DocumentPath, "Cimer.Sbrt v1");
            // wwwroot/swagger-ui/if-match.js: If-Match filled with the ETag last read (see there).
            options.InjectJavascript(SwaggerUiScript);
            options.UseRequestInterceptor("function (request) { return window.sbrtSwagger ? window.sbrtSwagger.request(request) : request; }");
            options.UseResponseInterceptor("function (response) { return window.sbrtSwagger ? window.sbrtSwagger.response(response) : response; }");
            options.ConfigObject.Plugins = ["SbrtIfMatchPlugin"];
        });
        return app;
    }
}
