using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http.Extensions;

namespace Cimer.Sbrt.Api.Web;

/// <summary>One page of a list, and the URL of the next one (null on the last page).</summary>
/// <param name="Items">At most <c>limit</c> items, in the list's stable order.</param>
/// <param name="Next">The same request with the cursor that continues after the last item; null when nothing follows.</param>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// Keyset paging: <c>?limit=</c> (1 to 200, default 50) and an opaque <c>cursor</c> naming the last
/// key of the previous page, so a page never repeats or skips an item as others are added.
/// </summary>
internal static class Paging
{
    public const int DefaultLimit = 50, MaxLimit = 200;

    /// <summary>The page size; taken as text so that "many" is a field error on <c>limit</c>, like 0 or 201.</summary>
    public static int Limit(FieldErrors errors, string? limit)
    {
        if (limit is null)
        {
            return DefaultLimit;
        }

        if (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) || l is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"A whole number from 1 to {MaxLimit}.");
            return DefaultLimit;
        }

        return l;
    }

    /// <summary>The key parts a cursor of list <paramref name="list"/> carries, or null (with an error) when it is not one of its.</summary>
    public static string[]? Cursor(FieldErrors errors, string? cursor, string list, int parts)
    {
        if (cursor is null)
        {
            return null;
        }

        try
        {
            var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('\n');
            if (key.Length == parts + 1 && key[0] == list && key.All(p => p.Length > 0))
            {
                return key[1..];
            }
        }
        catch (FormatException)
        {
            // Falls through to the field error.
        }

        errors.Add("cursor", "Not a cursor of this list: use the next URL of the previous page as it is.");
        return null;
    }

    /// <summary>The page, with the next URL when the query fetched one row more than <paramref name="limit"/>.</summary>
    public static Page<T> Of<TRow, T>(HttpRequest request, string list, IReadOnlyList<TRow> rows, int limit, Func<TRow, string[]> key, Func<TRow, T> item)
    {
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? NextUrl(request, [list, .. key(page[^1])]) : null;
        return new Page<T>([.. page.Select(item)], next);
    }

    /// <summary>The request's own URL, every other parameter as the client sent it, with the cursor after <paramref name="key"/>.</summary>
    private static string NextUrl(HttpRequest request, string[] key)
    {
        var cursor = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', key)));
        var builder = new QueryBuilder(request.Query
            .Where(p => p.Key != "cursor")
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))))
        {
            { "cursor", cursor },
        };
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{builder.ToQueryString()}";
    }
}
