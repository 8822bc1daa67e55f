using System.ComponentModel.DataAnnotations;

namespace Cimer.Sbrt.Api.Access;

/// <summary>
/// <c>Limits</c>: a token bucket per token subject (per client address without a token) and the
/// largest request body. The defaults are generous: they stop a runaway script, not a busy clinic.
/// </summary>
internal sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Requests a subject may send at once before it must wait for the bucket to refill.</summary>
    [Range(1, int.MaxValue)]
    public int Burst { get; set; } = 2000;

    /// <summary>Requests added back to each subject's bucket every <see cref="Period"/>.</summary>
    [Range(1, int.MaxValue)]
    public int RequestsPerPeriod { get; set; } = 1000;

    /// <summary>How often the bucket refills; <c>00:00:01</c> makes <see cref="RequestsPerPeriod"/> a rate per second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest request body in bytes (64 KiB: a plan change is well under 1 KiB); larger is a 413.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
