using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// A subscription's signing secret: shown once, in the answer to its POST, and stored encrypted
/// with Data Protection (<see cref="Purpose"/>), since signing needs the secret itself, not a hash.
/// </summary>
internal static class WebhookSecrets
{
    public const string Purpose = "Cimer.Sbrt.Webhooks.Secret.v1";

    /// <summary><c>whsec_</c> + base64 of 32 bytes from the OS's CSPRNG.</summary>
    public static string New() => WebhookSignature.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>What <c>webhook_subscriptions.secret</c> holds.</summary>
    public static string Seal(IDataProtectionProvider protection, string secret) => protection.CreateProtector(Purpose).Protect(secret);

    /// <summary>
    /// The secret again; a row written before schema v9 holds it as is (<c>whsec_...</c>, which no
    /// sealed value starts with). Throws <see cref="CryptographicException"/> when the key ring that
    /// sealed it is gone.
    /// </summary>
    public static string Open(IDataProtectionProvider protection, string stored) =>
        stored.StartsWith(WebhookSignature.SecretPrefix, StringComparison.Ordinal) ? stored : protection.CreateProtector(Purpose).Unprotect(stored);
}
