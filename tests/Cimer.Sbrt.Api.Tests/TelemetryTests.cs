using Cimer.Sbrt.Api.Telemetry;
using Cimer.Sbrt.Api.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Quartz;

namespace Cimer.Sbrt.Api.Tests;

/// <summary>
/// Apart from every other test: the meters are process-wide, so another class's requests and plans
/// would show up in these counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryAlone
{
    public const string Name = "Telemetry alone";
}

/// <summary>One app whose metrics go to an in-memory reader, collected on demand (on PostgreSQL for <see cref="TelemetryOnPostgresTests"/>).</summary>
public class TelemetryApp : IDisposable
{
    private readonly List<MetricSnapshot> exported = [];

    public TelemetryApp()
        : this(onPostgres: false)
    {
    }

    protected TelemetryApp(bool onPostgres)
    {
        void Exported(IServiceCollection services) => services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        App = onPostgres ? PostgresSbrtApp.With(null, services: Exported) : SbrtApp.With(new Dictionary<string, string>(), services: Exported);
    }

    public SbrtApp App { get; }

    /// <summary>Collects now and returns the points of the metric <paramref name="name"/> (empty when it has none yet).</summary>
    public IReadOnlyList<MetricPoint> Points(string name)
    {
        lock (exported)
        {
            exported.Clear();
            Assert.True(App.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "the metric reader did not collect");
            var points = new List<MetricPoint>();
            foreach (var snapshot in exported.Where(s => s.Name == name))
            {
                points.AddRange(snapshot.MetricPoints);
            }

            return points;
        }
    }

    public void Dispose()
    {
        App.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(TelemetryAlone.Name)]
public class TelemetryTests(TelemetryApp telemetry) : IClassFixture<TelemetryApp>
{
    [ProviderFact]
    public async Task ARequest_IsMeasuredAsHttpServerRequestDuration_WithItsRoute()
    {
        var api = telemetry.App.Api();

        var response = await api.Http.GetAsync("/health/live");
        response.EnsureSuccessStatusCode();

        var points = telemetry.Points("http.server.request.duration");
        var live = points.Where(p => Tag(p, "http.route") == "/health/live").ToList();
        Assert.NotEmpty(live);
        Assert.True(live.Sum(p => p.GetHistogramCount()) >= 1);
        Assert.All(live, p => Assert.Equal("200", Tag(p, "http.response.status_code")));
    }

    [ProviderFact]
    public async Task CreatingAPlan_AddsOneToPlansCreated()
    {
        var api = telemetry.App.Api();
        var center = await api.CenterAsync();
        await api.LinacAsync(center.Id);
        var patient = await api.PatientAsync(center.Id);
        var before = Sum(telemetry.Points("sbrt.plans.created"));

        await Client.CreatedAsync<Plan>(await api.PlanAsync(patient.Id));

        Assert.Equal(before + 1, Sum(telemetry.Points("sbrt.plans.created")));
    }

    [ProviderFact]
    public async Task ARefusedPlan_AddsNothingToPlansCreated()
    {
        var api = telemetry.App.Api();
        var (_, _, patient, _) = await api.PlannedPatientAsync();
        var before = Sum(telemetry.Points("sbrt.plans.created"));

        var second = await api.PlanAsync(patient.Id);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(before, Sum(telemetry.Points("sbrt.plans.created")));
    }

    [ProviderFact]
    public void TheWebhookBacklogGauge_ReadsThePendingDeliveriesInTheDatabase()
    {
        _ = telemetry.App.Services; // started, so migrated, when this test runs first or alone
        using (var db = telemetry.App.OpenDatabase())
        {
            // A subscription that wants no event type, so no plan another test makes adds to its deliveries.
            db.Execute("""
                INSERT INTO webhook_subscriptions (id, url, events, secret, created_utc) VALUES ('sub-gauge', 'https://example.org/hook', '[]', 'whsec_x', '2026-11-20T12:00:00Z');
                INSERT INTO outbox_events (seq, id, type, plan_id, payload, created_utc, created_ms) VALUES
                    (9001, 'evt-1', 'plan.created', 'pl-1', '{}', '2026-11-20T12:00:00Z', 0),
                    (9002, 'evt-2', 'plan.created', 'pl-2', '{}', '2026-11-20T12:00:00Z', 0),
                    (9003, 'evt-3', 'plan.created', 'pl-3', '{}', '2026-11-20T12:00:00Z', 0),
                    (9004, 'evt-4', 'plan.created', 'pl-4', '{}', '2026-11-20T12:00:00Z', 0);
                INSERT INTO webhook_deliveries (subscription_id, event_seq, plan_id, status, attempts, next_attempt_ms) VALUES
                    ('sub-gauge', 9001, 'pl-1', 'pending', 0, 9000000000000),
                    ('sub-gauge', 9002, 'pl-2', 'pending', 2, 9000000000000),
                    ('sub-gauge', 9003, 'pl-3', 'pending', 0, 9000000000000),
                    ('sub-gauge', 9004, 'pl-4', 'delivered', 1, 0);
                """);
        }

        _ = telemetry.App.Api(); // started, so its backlog reader is the one observed
        var gauge = Assert.Single(telemetry.Points("sbrt.webhooks.backlog"));

        using var check = telemetry.App.OpenDatabase();
        var pending = check.ExecuteScalar<long>("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending';");
        Assert.Equal(3, pending);
        Assert.Equal(pending, gauge.GetGaugeLastValueLong());
    }

    [ProviderFact]
    public async Task AQuartzMisfire_IsCountedByJob_ByTheListenerTheSchedulerRuns()
    {
        _ = telemetry.App.Api();
        var scheduler = await telemetry.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var listener = Assert.Single(scheduler.ListenerManager.GetTriggerListeners().OfType<QuartzMisfires>());
        var before = Sum(telemetry.Points("sbrt.quartz.misfires").Where(p => Tag(p, "job") == "test-job").ToList());
        var trigger = TriggerBuilder.Create().WithIdentity("test-trigger").ForJob("test-job").StartNow().Build();

        await listener.TriggerMisfired(trigger, scheduler);

        Assert.Equal(before + 1, Sum(telemetry.Points("sbrt.quartz.misfires").Where(p => Tag(p, "job") == "test-job").ToList()));
    }

    [ProviderFact]
    public void WithNoOtlpVariable_NothingIsExported()
    {
        var none = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var traces = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://collector:4318/v1/traces" }).Build();

        Assert.False(TelemetryServices.ExportsOtlp(none));
        Assert.True(TelemetryServices.ExportsOtlp(traces));
    }

    private static long Sum(IReadOnlyList<MetricPoint> points) => points.Sum(p => p.GetSumLong());

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
