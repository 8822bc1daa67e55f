using System.Net;
using Microsoft.Extensions.Options;
using Quartz;

namespace Cimer.Sbrt.Api.Webhooks;

internal static class WebhookServices
{
    /// <summary>
    /// Options, the address policy, the delivery pass and its named HttpClient: a timeout, no
    /// redirects (a receiver answers itself; a 3xx is a failed attempt), no proxy (the address
    /// checked is the one connected to), and every connection through <see cref="WebhookConnector"/>.
    /// </summary>
    /// <summary>The delivery job, stored durably: <see cref="WebhookStartup"/> lays its trigger.</summary>
    public static void AddWebhookJob(IQuartzBuilder quartz) =>
        quartz.AddJob<WebhookJob>(job => job.WithIdentity(WebhookJob.Key).StoreDurably());

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhooksOptions>()
            .BindConfiguration(WebhooksOptions.Section)
            .Validate(o => o.IsValid(), "Webhooks: PollSeconds 0.05-60, BackoffBaseSeconds > 0, BackoffCapSeconds >= BackoffBaseSeconds, RetryForHours 0-168, TimeoutSeconds 0-120, Parallelism 1-256.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhooksOptions>, WebhookNetworksCheck>();
        services.AddSingleton<WebhookAddressPolicy>();
        services.AddSingleton<WebhookResolver>(Dns.GetHostAddressesAsync);
        services.AddSingleton<WebhookConnector>();
        services.AddHttpClient(WebhookDelivery.ClientName, (provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<WebhooksOptions>>().Value.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = provider.GetRequiredService<WebhookConnector>().ConnectAsync,
            });
        services.AddSingleton<WebhookDelivery>();
        services.AddSingleton<WebhookKick>();
        services.AddSingleton<WebhookKicks>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookKicks>());
        services.AddHostedService<WebhookStartup>();
        return services;
    }
}
