using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Quartz;

namespace Cimer.Sbrt.Api.Telemetry;

internal static class TelemetryServices
{
    /// <summary>The standard variables that name where OTLP goes; with none of them set nothing is exported.</summary>
    public static readonly IReadOnlyList<string> EndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
    ];

    /// <summary>
    /// Traces and metrics of ASP.NET Core and of <see cref="SbrtMetrics"/>. OTLP (configured by the
    /// standard <c>OTEL_EXPORTER_OTLP_*</c> variables) only when an endpoint variable is set: a service
    /// with no collector sends nothing anywhere. Tests add their own in-memory reader.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cimer-sbrt"))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(SbrtMetrics.MeterName));
        if (ExportsOtlp(configuration))
        {
            // Traces only where they go somewhere: an always-on sampler records every request's spans,
            // which nothing reads without a collector.
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation()).UseOtlpExporter();
        }

        services.AddSingleton<WebhookBacklog>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookBacklog>());
        return services;
    }

    public static bool ExportsOtlp(IConfiguration configuration) =>
        EndpointVariables.Any(name => !string.IsNullOrWhiteSpace(configuration[name]));

    /// <summary>For <c>AddJobs</c> (Program.cs): counts Quartz misfires, so Jobs/ needs no reference here.</summary>
    public static void AddMisfireListener(IQuartzBuilder quartz) => quartz.AddTriggerListener<QuartzMisfires>();
}
