namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>How deliveries are sent and retried: configuration section <c>Webhooks</c>.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How often the delivery job looks for due deliveries besides being woken by commits.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first retry's delay; each further one doubles, up to <see cref="MaxBackoff"/>, with jitter.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after the event a delivery is retried before it is given up as failed.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long one attempt waits for the receiver's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Deliveries sent at once (each to a different plan's queue).</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Due deliveries read per round.</summary>
    public int BatchSize { get; set; } = 64;

    public bool IsValid() =>
        PollInterval > TimeSpan.Zero && InitialBackoff >= TimeSpan.Zero && MaxBackoff >= InitialBackoff
        && RetryFor > TimeSpan.Zero && Timeout > TimeSpan.Zero && Concurrency is >= 1 and <= 64 && BatchSize is >= 1 and <= 1000;
}
