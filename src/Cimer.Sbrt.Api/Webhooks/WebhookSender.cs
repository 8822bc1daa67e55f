using System.Diagnostics;
using System.Globalization;
using System.Text;
using NodaTime;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>The answer to one attempt: a status code, or the error when none came.</summary>
internal sealed record AttemptResult(int? StatusCode, TimeSpan? RetryAfter, string? Error, long DurationMs);

/// <summary>
/// Posts one signed delivery (typed <see cref="HttpClient"/>: its timeout is
/// <see cref="WebhookOptions.Timeout"/>, redirects are not followed). Never throws for what the
/// receiver or the network does: that is an <see cref="AttemptResult"/> to retry.
/// </summary>
internal sealed class WebhookSender(HttpClient http)
{
    public async Task<AttemptResult> SendAsync(DueDelivery delivery, Instant now, CancellationToken ct)
    {
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(delivery.Secret, delivery.MessageId, timestamp, delivery.Body));
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return new AttemptResult((int)response.StatusCode, RetryAfter(response), null, watch.ElapsedMilliseconds);
        }
        catch (HttpRequestException exception)
        {
            return new AttemptResult(null, null, Truncate(exception.Message), watch.ElapsedMilliseconds);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(null, null, $"No answer within {http.Timeout.TotalSeconds:0} s.", watch.ElapsedMilliseconds);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static string Truncate(string message) => message.Length <= 300 ? message : message[..300];
}
