using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>
/// A search's query string, checked: a parameter the resource does not support (modifiers
/// included) or a bad <c>_count</c>/<c>_offset</c>/<c>_format</c> is a 400, never silently ignored.
/// Paging is <c>_count</c> (page size) and <c>_offset</c> (matches skipped), which <c>next</c> links carry.
/// </summary>
internal sealed class FhirQuery
{
    public const int DefaultCount = 100, MaxCount = 2000;

    public static readonly IReadOnlyList<string> Common = ["_count", "_offset", "_format"];

    private readonly IQueryCollection query;

    private FhirQuery(IQueryCollection query, int count, int offset)
    {
        this.query = query;
        Count = count;
        Offset = offset;
    }

    public int Count { get; }

    public int Offset { get; }

    public static FhirQuery Parse(IQueryCollection query, params string[] supported)
    {
        foreach (var key in query.Keys)
        {
            if (!supported.Contains(key, StringComparer.Ordinal) && !Common.Contains(key, StringComparer.Ordinal))
            {
                throw FhirException.Invalid($"Unknown search parameter '{key}'. Supported here: {string.Join(", ", supported.Concat(Common))}.");
            }
        }

        var format = Single(query, "_format");
        if (format is not (null or "json" or "application/json" or "application/fhir+json"))
        {
            throw FhirException.Invalid($"_format '{format}' is not served: this server answers application/fhir+json only.");
        }

        return new FhirQuery(query, Integer(query, "_count", DefaultCount, 0, MaxCount), Integer(query, "_offset", 0, 0, int.MaxValue));
    }

    public IReadOnlyList<string> All(string name) =>
        query.TryGetValue(name, out var values) ? [.. values.Where(v => v is not null).Select(v => v!)] : [];

    public string? Single(string name) => Single(query, name);

    /// <summary>A token parameter's comma-separated values (any of them matches), each one of <paramref name="allowed"/>.</summary>
    public IReadOnlySet<string>? Tokens(string name, IReadOnlyCollection<string> allowed)
    {
        if (Single(name) is not { } value)
        {
            return null;
        }

        var tokens = value.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        foreach (var token in tokens.Where(t => !allowed.Contains(t)))
        {
            throw FhirException.Invalid($"{name} '{token}' is not one of {string.Join(", ", allowed)}.");
        }

        return tokens;
    }

    /// <summary>The id in a reference parameter: <c>Type/id</c>, a URL ending so, or a bare id.</summary>
    public string? Reference(string name, string type)
    {
        if (Single(name) is not { } value)
        {
            return null;
        }

        var parts = value.TrimEnd('/').Split('/');
        if (parts.Length == 1 && parts[0].Length > 0)
        {
            return parts[0];
        }

        if (parts.Length >= 2 && parts[^2] == type && parts[^1].Length > 0)
        {
            return parts[^1];
        }

        throw FhirException.Invalid($"{name} must reference a {type}: '{type}/{{id}}'.");
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            throw FhirException.Invalid($"{name} may be given once.");
        }

        return string.IsNullOrWhiteSpace(values[0]) ? throw FhirException.Invalid($"{name} has no value.") : values[0]!.Trim();
    }

    private static int Integer(IQueryCollection query, string name, int fallback, int min, int max)
    {
        if (Single(query, name) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw FhirException.Invalid($"{name} must be a whole number from {min} to {max}.");
    }
}
