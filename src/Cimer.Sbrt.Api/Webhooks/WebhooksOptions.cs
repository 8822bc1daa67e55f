namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>The <c>Webhooks</c> section: how often and how patiently events are delivered, and where to.</summary>
internal sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>Seconds between delivery passes (the job's simple trigger), 0.05 to 60; default 2.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>First retry delay in seconds, doubled per failed attempt before jitter; default 5.</summary>
    public double BackoffBaseSeconds { get; set; } = 5;

    /// <summary>Longest retry delay in seconds; default 3600 (1 h).</summary>
    public double BackoffCapSeconds { get; set; } = 3600;

    /// <summary>Hours after the event within which failed attempts are retried; default 24.</summary>
    public double RetryForHours { get; set; } = 24;

    /// <summary>Seconds a receiver has to answer one attempt; default 15.</summary>
    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>Most attempts sent at once in one pass (one per plan and subscription); default 16.</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>
    /// CIDR ranges of loopback or private addresses webhooks may reach (e.g. a hospital's integration
    /// engine at 10.20.0.0/16, or 127.0.0.0/8 in Development); none by default. Link-local never.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];

    public bool IsValid() =>
        PollSeconds is >= 0.05 and <= 60
        && BackoffBaseSeconds > 0 && BackoffCapSeconds >= BackoffBaseSeconds
        && RetryForHours is > 0 and <= 24 * 7
        && TimeoutSeconds is > 0 and <= 120
        && Parallelism is >= 1 and <= 256;
}
