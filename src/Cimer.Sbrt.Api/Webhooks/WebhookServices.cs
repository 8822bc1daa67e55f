namespace Cimer.Sbrt.Api.Webhooks;

internal static class WebhookServices
{
    /// <summary>Options, the delivery pass and its named HttpClient (timeout, no redirects: a receiver answers itself).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhooksOptions>()
            .BindConfiguration(WebhooksOptions.Section)
            .Validate(o => o.IsValid(), "Webhooks: PollSeconds 0.05-60, BackoffBaseSeconds > 0, BackoffCapSeconds >= BackoffBaseSeconds, RetryForHours 0-168, TimeoutSeconds 0-120, Parallelism 1-256.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookDelivery.ClientName, (provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhooksOptions>>().Value.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<WebhookDelivery>();
        services.AddSingleton<WebhookKick>();
        services.AddHostedService<WebhookStartup>();
        return services;
    }
}
