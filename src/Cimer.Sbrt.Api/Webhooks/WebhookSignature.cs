using System.Security.Cryptography;
using System.Text;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>Standard Webhooks signing: HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>.</summary>
internal static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>
    /// <c>v1,</c> + base64 of the HMAC, keyed with the base64-decoded bytes after <c>whsec_</c>;
    /// <paramref name="timestamp"/> in unix seconds, <paramref name="body"/> exactly as sent.
    /// </summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
