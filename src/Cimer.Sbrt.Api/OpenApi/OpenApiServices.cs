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
                    + "Moments carry the center's UTC offset; errors are RFC 9457 problem details.",
            });
            options.IncludeXmlComments(typeof(OpenApiServices).Assembly);
            options.OperationFilter<RequestExampleFilter>();
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
