using Cimer.Sbrt.Api.Data;
using Microsoft.Extensions.Options;
using Quartz;

namespace Cimer.Sbrt.Api.Webhooks;

internal static class WebhookServices
{
    /// <summary>Options from <c>Webhooks</c>, the typed sender, the wake-up after commits and the delivery job on Quartz.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .Validate(options => options.IsValid(), "Webhooks: intervals must be positive, MaxBackoff >= InitialBackoff, Concurrency 1..64, BatchSize 1..1000.")
            .ValidateOnStart();
        services.AddHttpClient<WebhookSender>((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<WebhookWake>();
        services.AddSingleton<ICommitListener>(provider => provider.GetRequiredService<WebhookWake>());
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<WebhookDeliveryJob>(job => job.WithIdentity(WebhookDeliveryJob.Key).StoreDurably());
            quartz.AddTrigger((provider, trigger) => trigger
                .WithIdentity("webhook-delivery-poll", "webhooks")
                .ForJob(WebhookDeliveryJob.Key)
                .StartNow()
                .WithSimpleSchedule(schedule => schedule
                    .WithInterval(provider.GetRequiredService<IOptions<WebhookOptions>>().Value.PollInterval)
                    .RepeatForever()));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
