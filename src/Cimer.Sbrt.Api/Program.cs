using Cimer.Sbrt.Api.Access;
using Cimer.Sbrt.Api.Calendars;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Centers;
using Cimer.Sbrt.Api.Charts;
using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Feeds;
using Cimer.Sbrt.Api.Fhir;
using Cimer.Sbrt.Api.Health;
using Cimer.Sbrt.Api.Hosting;
using Cimer.Sbrt.Api.Idempotency;
using Cimer.Sbrt.Api.Jobs;
using Cimer.Sbrt.Api.Linacs;
using Cimer.Sbrt.Api.OpenApi;
using Cimer.Sbrt.Api.Page;
using Cimer.Sbrt.Api.Patients;
using Cimer.Sbrt.Api.Plans;
using Cimer.Sbrt.Api.Slots;
using Cimer.Sbrt.Api.StartDates;
using Cimer.Sbrt.Api.Telemetry;
using Cimer.Sbrt.Api.Web;
using Cimer.Sbrt.Api.Webhooks;
using Cimer.Sbrt.Api.Worklist;
using NodaTime;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args, SystemClock.Instance, Console.Out, Console.Error);
}

if (TokenCommand.IsRequested(args))
{
    return TokenCommand.Run(args, SystemClock.Instance, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(ServiceHost.Options(args));

builder.Logging.KeepQueryStringsOutOfLogs();
// FHIR's OperationOutcome writer goes ahead of the default problem details writer added next.
builder.Services.AddFhir();
builder.Services.AddWebConventions();
builder.Services.AddDatabase();
builder.Services.AddDatabaseProvider(builder.Configuration);
builder.Services.AddSecretsAtRest();
builder.Services.AddSingleton<IClock>(SystemClock.Instance);
builder.Services.AddOpenApiDocument();
builder.Services.AddHealth();
builder.Services.AddTelemetry(builder.Configuration);
builder.Services.AddJobs(WebhookServices.AddWebhookJob, TelemetryServices.AddMisfireListener, PostgresServices.QuartzInstance(builder.Configuration));
builder.Services.AddAccess();
builder.Services.AddIdempotency();
builder.Services.AddWebhooks();
builder.Services.AddPage();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
if (builder.Configuration.UsesPostgres())
{
    app.MigratePostgres();
}
else
{
    app.Migrate(AuditSealing.AfterScript);
}

app.UseOpenApiDocument();
// The page at / and Swagger UI's script hold no data: served before authentication (see Page/PageServices.cs).
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAccess();
app.UseIdempotency();

var api = app.MapGroup("/api/v1").WithIdempotencyKeys();
api.AddEndpointFilter<WebhookKick>();
api.MapCenters();
api.MapLinacs();
api.MapPatients();
// Right after the patients: the corrections and the withdrawal share their prefix and tag.
api.MapPatientChanges();
api.MapAbsences();
api.MapPlans();
api.MapSlots();
api.MapStartDates();
api.MapWorklist();
api.MapAudit();
api.MapWebhooks();
api.MapCalendars();
api.MapCharts();
app.MapFhir();
api.MapFeeds();
app.MapHealth();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
