using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using NodaTime;

namespace Cimer.Sbrt.Api.Calendars;

/// <summary>
/// A feed's strong ETag, from everything <see cref="CalendarFeed.Write"/> writes it from rather than
/// from its text, so that a matching <c>If-None-Match</c> is answered without writing the feed.
/// The rows' fingerprint carries each event's stamps (SEQUENCE, LAST-MODIFIED), status, slot, lesion
/// label and linac name, and which events are in the feed at all (the range, and the 30 days a
/// cancelled event is kept: an event ageing out leaves the fingerprint).
/// </summary>
internal static class CalendarETag
{
    /// <summary>Raised whenever <see cref="CalendarFeed"/> writes the same rows differently.</summary>
    public const int FormatVersion = 1;

    public static EntityTagHeaderValue Of(CalendarView view, CalendarOwnerRow owner, LocalDate? first, LocalDate? last, string rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\u001d',
            FormatVersion.ToString(CultureInfo.InvariantCulture), view.ToString(), owner.Name, owner.CenterName, owner.TimeZone,
            DateTimeZoneProviders.Tzdb.VersionId, Date(first), Date(last), "")));
        hash.AppendData(Encoding.UTF8.GetBytes(rows));
        return new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(hash.GetHashAndReset())[..32]}\"");
    }

    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="etag"/> (or <c>*</c>).</summary>
    public static bool Matches(HttpRequest request, EntityTagHeaderValue etag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));

    private static string Date(LocalDate? date) =>
        date?.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
