using Microsoft.Extensions.Primitives;

namespace Cimer.Sbrt.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header (draft-ietf-httpapi-idempotency-key-header): an RFC 8941
/// sf-string such as <c>"8e03978e-40d5-43e8-bc93-6894a57f9324"</c>. A bare token without the quotes
/// is taken as the same key, since many clients send it so. 1 to 255 printable ASCII characters.
/// </summary>
internal static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    public static bool TryParse(StringValues values, out string key, out string error)
    {
        (key, error) = ("", "");
        if (values.Count != 1)
        {
            error = "Send exactly one Idempotency-Key header.";
            return false;
        }

        var text = values[0]!.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = Unescape(text[1..^1]);
        }

        if (text.Length is 0 or > MaxLength)
        {
            error = $"1 to {MaxLength} characters, e.g. \"8e03978e-40d5-43e8-bc93-6894a57f9324\" (a UUID is best).";
            return false;
        }

        if (text.Any(c => c is < ' ' or > '~'))
        {
            error = "Printable ASCII only (a UUID is best).";
            return false;
        }

        key = text;
        return true;
    }

    // sf-string escapes only \" and \\.
    private static string Unescape(string quoted) => quoted.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
