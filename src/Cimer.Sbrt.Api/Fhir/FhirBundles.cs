using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http.Extensions;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>Search answers: a <c>searchset</c> Bundle of one page, with <c>total</c> and <c>self</c>/<c>next</c>/<c>previous</c> links.</summary>
internal static class FhirBundles
{
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{FhirApi.Prefix}";

    public static Bundle Searchset<T>(HttpRequest request, FhirQuery query, IReadOnlyList<T> matches)
        where T : Resource
    {
        var page = matches.Skip(query.Offset).Take(query.Count).ToList();
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = matches.Count };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = PageUrl(request, query.Offset, query.Count) });
        if (query.Count > 0 && query.Offset + query.Count < matches.Count)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = PageUrl(request, query.Offset + query.Count, query.Count) });
        }

        if (query.Offset > 0 && query.Count > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = PageUrl(request, Math.Max(0, query.Offset - query.Count), query.Count) });
        }

        var baseUrl = BaseUrl(request);
        foreach (var resource in page)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{resource.TypeName}/{resource.Id}",
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return bundle;
    }

    /// <summary>The request's own URL with its paging set: every other parameter as the client sent it.</summary>
    private static string PageUrl(HttpRequest request, int offset, int count)
    {
        var builder = new QueryBuilder(request.Query
            .Where(p => p.Key is not ("_offset" or "_count"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))))
        {
            { "_count", count.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            { "_offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{builder.ToQueryString()}";
    }
}
