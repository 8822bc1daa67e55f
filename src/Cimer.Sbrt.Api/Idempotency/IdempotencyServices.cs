namespace Cimer.Sbrt.Api.Idempotency;

/// <summary>Marks the endpoints whose POSTs honour <c>Idempotency-Key</c> (the OpenAPI document shows the header on them).</summary>
internal sealed class IdempotentEndpoint;

internal static class IdempotencyServices
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services) => services.AddSingleton<InFlightKeys>();

    /// <summary>After authentication (a key belongs to the token's subject), before the endpoints.</summary>
    public static WebApplication UseIdempotency(this WebApplication app)
    {
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }

    /// <summary>Every POST in the group takes an <c>Idempotency-Key</c>.</summary>
    public static RouteGroupBuilder WithIdempotencyKeys(this RouteGroupBuilder group) => group.WithMetadata(new IdempotentEndpoint());

    /// <summary>The answer shows a secret once: kept for replay only encrypted (<see cref="SecretAnswer"/>).</summary>
    public static RouteHandlerBuilder WithSecretAnswer(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(new SecretAnswer());
}
