using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace Cimer.Sbrt.Api.Web;

internal static class WebServices
{
    /// <summary>
    /// camelCase JSON with camelCase enum strings, refusing fields a request does not have (a typo
    /// is a 400 that names it, not a silent default); problem details for every 4xx and 5xx
    /// (a writer added before this one, such as FHIR's OperationOutcomes, answers first).
    /// </summary>
    public static IServiceCollection AddWebConventions(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(options => Configure(options.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(options => Configure(options.JsonSerializerOptions));
        // Malformed bodies and unbindable values throw, so the one mapping below answers them.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    private static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // EnumNames reads and writes every enum; the plain converter after it tells Swashbuckle they are strings.
        options.Converters.Add(new EnumNames());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }
}
