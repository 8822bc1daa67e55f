using Microsoft.OpenApi;

namespace Cimer.Sbrt.Api.OpenApi;

internal static class OpenApiServices
{
    public const string DocumentPath = "/swagger/v1/swagger.json";

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
            options.OperationFilter<ResponseExampleFilter>();
            options.OperationFilter<IdempotencyKeyFilter>();
        });
        return services;
    }

    public static WebApplication UseOpenApiDocument(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options => options.SwaggerEndpoint(DocumentPath, "Cimer.Sbrt v1"));
        return app;
    }
}
