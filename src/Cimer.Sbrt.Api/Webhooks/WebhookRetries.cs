using NodaTime;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>What an attempt's answer means for its delivery.</summary>
internal enum AttemptVerdict
{
    Delivered,
    Retry,
    Failed,
    Gone,
}

/// <summary>
/// The retry decision, without I/O: 2xx delivered; 410 gone (the subscription is disabled); anything
/// else retried after an exponential backoff with equal jitter (half fixed, half random), never sooner
/// than the receiver's <c>Retry-After</c>, until <see cref="WebhookOptions.RetryFor"/> after the event.
/// </summary>
internal static class WebhookRetries
{
    public static (AttemptVerdict Verdict, Instant? Next) Decide(
        int? statusCode, TimeSpan? retryAfter, int attempt, Instant created, Instant now, WebhookOptions options, double random)
    {
        if (statusCode is >= 200 and < 300)
        {
            return (AttemptVerdict.Delivered, null);
        }

        if (statusCode == 410)
        {
            return (AttemptVerdict.Gone, null);
        }

        var deadline = created + Duration.FromTimeSpan(options.RetryFor);
        if (now >= deadline)
        {
            return (AttemptVerdict.Failed, null);
        }

        var exponential = options.InitialBackoff.TotalSeconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, options.MaxBackoff.TotalSeconds);
        var delay = Duration.FromSeconds((capped / 2) + (capped / 2 * random));
        if (retryAfter is { } asked && Duration.FromTimeSpan(asked) > delay)
        {
            delay = Duration.FromTimeSpan(asked);
        }

        var next = now + delay;
        return (AttemptVerdict.Retry, next > deadline ? deadline : next);
    }
}
