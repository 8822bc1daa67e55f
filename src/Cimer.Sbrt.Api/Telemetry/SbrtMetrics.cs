using System.Diagnostics.Metrics;

namespace Cimer.Sbrt.Api.Telemetry;

/// <summary>
/// The service's own metrics, in the meter <c>Cimer.Sbrt</c> (exported with ASP.NET Core's by
/// <see cref="TelemetryServices"/>). Static, as <c>Meter</c>s usually are, so a static handler records
/// with one line and no new parameter. One service per process: the backlog gauge reads the database
/// of the host that started last (<see cref="WebhookBacklog"/>).
/// </summary>
internal static class SbrtMetrics
{
    public const string MeterName = "Cimer.Sbrt";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> PlansCreated = Meter.CreateCounter<long>(
        "sbrt.plans.created", "{plan}", "Plans created (first versions), counted once written.");

    private static readonly Counter<long> Replans = Meter.CreateCounter<long>(
        "sbrt.plans.replanned", "{plan}", "Re-plans written, by cause (request, closure, downtime, correction, ...).");

    private static readonly Histogram<double> SolveTime = Meter.CreateHistogram<double>(
        "sbrt.solver.duration", "ms", "Time the scheduler took to decide one plan, by kind (create, replan, ...).");

    private static readonly Counter<long> Misfires = Meter.CreateCounter<long>(
        "sbrt.quartz.misfires", "{trigger}", "Quartz triggers that misfired, by job.");

    private static Func<long?>? backlog;

    static SbrtMetrics() =>
        Meter.CreateObservableGauge(
            "sbrt.webhooks.backlog",
            () => backlog?.Invoke() is { } pending ? [new Measurement<long>(pending)] : Array.Empty<Measurement<long>>(),
            "{delivery}",
            "Webhook deliveries still pending (not yet delivered, failed or disabled).");

    public static void PlanCreated() => PlansCreated.Add(1);

    /// <param name="cause">A short stable word: request, closure, downtime, correction, reconciliation.</param>
    /// <param name="plans">How many plans it re-planned.</param>
    public static void Replanned(string cause, int plans = 1) => Replans.Add(plans, new KeyValuePair<string, object?>("cause", cause));

    /// <param name="elapsed">Wall time of the scheduler call alone, no I/O.</param>
    /// <param name="kind">create, replan, start-dates, ...</param>
    public static void Solved(TimeSpan elapsed, string kind) =>
        SolveTime.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("kind", kind));

    public static void Misfired(string job) => Misfires.Add(1, new KeyValuePair<string, object?>("job", job));

    /// <summary>Where the backlog gauge reads from; null stops it. Returns what to pass to <see cref="StopObserving"/>.</summary>
    public static Func<long?> ObserveBacklog(Func<long?> read) => backlog = read;

    /// <summary>Stops reading <paramref name="read"/>, unless another host has replaced it meanwhile.</summary>
    public static void StopObserving(Func<long?> read) => Interlocked.CompareExchange(ref backlog, null, read);
}
