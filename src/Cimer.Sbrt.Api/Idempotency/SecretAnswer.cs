namespace Cimer.Sbrt.Api.Idempotency;

/// <summary>
/// Marks an endpoint whose answer shows a secret once (a feed URL's token, a webhook's signing
/// secret). The idempotency middleware keeps such an answer only encrypted with Data Protection
/// (<see cref="Purpose"/>), so a replay is faithful and the database never holds the secret.
/// </summary>
internal sealed class SecretAnswer
{
    public const string Purpose = "Cimer.Sbrt.Idempotency.v1";
}
