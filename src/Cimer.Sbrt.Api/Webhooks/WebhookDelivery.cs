using System.Net;
using System.Security.Cryptography;
using System.Text;
using Cimer.Sbrt.Api.Data;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// One delivery pass: sends every due delivery whose plan has no earlier pending event for the
/// same subscription (so each receiver sees a plan's events in order), in parallel across plans,
/// and records each attempt; repeats while sends made successors due. At least once: an attempt
/// is recorded after its answer, so a crash in between sends it again with the same webhook-id.
/// </summary>
internal sealed partial class WebhookDelivery(
    Database database, IHttpClientFactory clients, IClock clock, IOptions<WebhooksOptions> options, IDataProtectionProvider protection,
    ILogger<WebhookDelivery> logger)
{
    public const string ClientName = "webhooks";

    private readonly WebhooksOptions options = options.Value;

    /// <summary>Sends what is due now; returns the number of attempts made.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var attempts = 0;
        while (true)
        {
            var now = clock.GetCurrentInstant();
            var limit = options.Parallelism * 4;
            // Past the last timeout of a batch sent Parallelism at a time, with a minute to record it.
            var claimUntil = now + Duration.FromSeconds((options.TimeoutSeconds * 4) + 60);
            var due = await database.ReadAsync(connection =>
                DeliveryQueue.DueAsync(connection, now.ToUnixTimeMilliseconds(), limit, claimUntil.ToUnixTimeMilliseconds(), ct));
            if (due.Count == 0)
            {
                return attempts;
            }

            var results = new AttemptResult[due.Count];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct };
            await Parallel.ForEachAsync(Enumerable.Range(0, due.Count), parallel, async (i, token) => results[i] = await SendAsync(due[i], token));
            for (var i = 0; i < due.Count; i++)
            {
                LogAttempt(logger, due[i].EventId, due[i].SubscriptionId, results[i].Outcome, results[i].StatusCode);
            }

            await database.WriteAsync(async (connection, transaction) =>
            {
                for (var i = 0; i < due.Count; i++)
                {
                    await DeliveryQueue.RecordAsync(connection, transaction, due[i], results[i], ct);
                }
            }, ct);
            attempts += due.Count;
            if (due.Count < limit && results.All(r => r.Outcome == "retrying"))
            {
                // Nothing was unblocked: another round would only retry early. The next pass will.
                return attempts;
            }
        }
    }

    private async Task<AttemptResult> SendAsync(DueDelivery delivery, CancellationToken ct)
    {
        var at = clock.GetCurrentInstant();
        string secret;
        try
        {
            secret = WebhookSecrets.Open(protection, delivery.Secret);
        }
        catch (CryptographicException)
        {
            return Retry(delivery, at, null, $"The subscription's secret cannot be decrypted: {SecretsAtRest.KeysPathSetting} does not hold the key ring that sealed it.", null);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        var timestamp = at.ToUnixTimeSeconds();
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, delivery.EventId, timestamp, delivery.Payload));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return AttemptResult.Delivered(at, status);
            }

            if (response.StatusCode == HttpStatusCode.Gone)
            {
                LogDisabled(logger, delivery.SubscriptionId, delivery.Url);
                return AttemptResult.Disabled(at, status);
            }

            return Retry(delivery, at, status, null, RetryAfter(response, at));
        }
        catch (HttpRequestException exception)
        {
            return Retry(delivery, at, null, exception.Message, null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return Retry(delivery, at, null, $"No answer within {options.TimeoutSeconds} s.", null);
        }
    }

    /// <summary>Exponential backoff with equal jitter, or the receiver's Retry-After when later; failed once past the retry window.</summary>
    private AttemptResult Retry(DueDelivery delivery, Instant at, int? status, string? error, Duration? retryAfter)
    {
        var exponent = Math.Min(delivery.Attempts, 30);
        var ceiling = Math.Min(options.BackoffCapSeconds, options.BackoffBaseSeconds * Math.Pow(2, exponent));
        var backoff = Duration.FromSeconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
        // Never sooner than asked, nor than the backoff: a Retry-After of 0 must not spin the pass.
        var next = at + Duration.Max(retryAfter ?? Duration.Zero, backoff);
        var giveUpAt = Instant.FromUnixTimeMilliseconds(delivery.CreatedMs) + Duration.FromHours(options.RetryForHours);
        return next > giveUpAt ? AttemptResult.Failed(at, status, error) : AttemptResult.Retrying(at, status, error, next);
    }

    private static Duration? RetryAfter(HttpResponseMessage response, Instant now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => Duration.Max(Duration.Zero, Duration.FromTimeSpan(delta)),
        { Date: { } date } => Duration.Max(Duration.Zero, Instant.FromDateTimeOffset(date) - now),
        _ => null,
    };

    // Debug: one line per attempt, so that with several instances each attempt can be told to the one that made it.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook attempt of event {EventId} to subscription {SubscriptionId}: {Outcome} ({StatusCode})")]
    private static partial void LogAttempt(ILogger logger, string eventId, string subscriptionId, string outcome, int? statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {SubscriptionId} at {Url} answered 410 Gone: disabled")]
    private static partial void LogDisabled(ILogger logger, string subscriptionId, string url);
}
