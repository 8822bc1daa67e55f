using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cimer.Sbrt.Api.Audit;

/// <summary>
/// The hash chain over the audit trail. Row <c>seq</c> n (1, 2, 3, ... without gaps) carries
/// <c>prev_hash</c>, the <c>hash</c> of row n - 1 (<see cref="Genesis"/> for row 1), and its own
/// <c>hash</c>: the lower-case hex SHA-256 of the UTF-8 bytes of
/// <c>"sbrt-audit-v1\n"</c> followed by, in this order, seq, id, at_utc, actor, actor_roles,
/// action, entity, entity_id, old_json, new_json, reason and prev_hash, each written as
/// <c>&lt;n&gt;:&lt;text&gt;,</c> (n the UTF-8 byte length of the text, integers in decimal) or
/// <c>~</c> for null. The texts are the stored column values, byte for byte, so anyone with the
/// table can recompute it: <c>1:7,2:42,24:2026-12-07T14:00:00.000Z,6:tester,...</c>.
/// </summary>
internal static class AuditChain
{
    public const string Version = "sbrt-audit-v1\n";

    /// <summary>The <c>prev_hash</c> of the first row.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Hash(AuditRow row)
    {
        var text = new StringBuilder(Version);
        Field(text, row.Seq?.ToString(CultureInfo.InvariantCulture));
        Field(text, row.Id.ToString(CultureInfo.InvariantCulture));
        Field(text, row.AtUtc);
        Field(text, row.Actor);
        Field(text, row.ActorRoles);
        Field(text, row.Action);
        Field(text, row.Entity);
        Field(text, row.EntityId);
        Field(text, row.OldJson);
        Field(text, row.NewJson);
        Field(text, row.Reason);
        Field(text, row.PrevHash);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text.ToString(), bytes);
            return Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append('~');
            return;
        }

        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(',');
    }
}
