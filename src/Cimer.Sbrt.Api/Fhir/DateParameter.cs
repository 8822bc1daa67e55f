using System.Text.RegularExpressions;
using Cimer.Sbrt.Api.Web;
using NodaTime;
using NodaTime.Text;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>
/// An R4 date search value with its prefix (<c>eq</c>, <c>ge</c>, <c>gt</c>, <c>le</c>, <c>lt</c>)
/// and precision: <c>2026</c>, <c>2026-12</c>, <c>2026-12-07</c> (center-local: a date means the
/// center's day), or a date-time with an offset. Matched against a point in time, each becomes a
/// half-open bound <c>[From, To)</c> in a center's zone; several are ANDed.
/// </summary>
internal sealed partial record DateParameter(string Prefix, Func<DateTimeZone, (Instant Low, Instant High)> Range)
{
    private static readonly OffsetDateTimePattern[] Moments =
    [
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFo<G>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>"),
    ];

    public static IReadOnlyList<DateParameter> ParseAll(string name, IReadOnlyList<string> values) =>
        [.. values.Select(v => Parse(name, v))];

    public static DateParameter Parse(string name, string text)
    {
        var prefix = PrefixPattern().IsMatch(text) ? text[..2] : "eq";
        // An unencoded "+" in an offset arrives as a space.
        var value = (PrefixPattern().IsMatch(text) ? text[2..] : text).Replace(' ', '+');
        if (prefix is "ne" or "sa" or "eb" or "ap")
        {
            throw FhirException.Invalid($"{name}: prefix '{prefix}' is not supported; use eq, ge, gt, le or lt.");
        }

        if (prefix is not ("eq" or "ge" or "gt" or "le" or "lt"))
        {
            throw FhirException.Invalid($"{name}: '{text}' has an unknown prefix.");
        }

        return new DateParameter(prefix, Bounds(name, value));
    }

    /// <summary>The instants a match may start at in <paramref name="zone"/>: [Low, High).</summary>
    public static (Instant Low, Instant High) Window(IEnumerable<DateParameter> parameters, DateTimeZone zone)
    {
        var (low, high) = (Instant.MinValue, Instant.MaxValue);
        foreach (var parameter in parameters)
        {
            var (from, to) = parameter.Range(zone);
            (low, high) = parameter.Prefix switch
            {
                "eq" => (Max(low, from), Min(high, to)),
                "ge" => (Max(low, from), high),
                "gt" => (Max(low, to), high),
                "lt" => (low, Min(high, from)),
                _ => (low, Min(high, to)),
            };
        }

        return (low, high);
    }

    private static Func<DateTimeZone, (Instant, Instant)> Bounds(string name, string value)
    {
        if (LocalDatePattern.Iso.Parse(value) is { Success: true } date)
        {
            var day = InYears(name, value, date.Value);
            return zone => (day.AtStartOfDayInZone(zone).ToInstant(), day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());
        }

        if (LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM").Parse(value) is { Success: true } month)
        {
            var first = InYears(name, value, month.Value);
            return zone => (first.AtStartOfDayInZone(zone).ToInstant(), first.PlusMonths(1).AtStartOfDayInZone(zone).ToInstant());
        }

        if (LocalDatePattern.CreateWithInvariantCulture("uuuu").Parse(value) is { Success: true } year)
        {
            var first = InYears(name, value, year.Value);
            return zone => (first.AtStartOfDayInZone(zone).ToInstant(), first.PlusYears(1).AtStartOfDayInZone(zone).ToInstant());
        }

        foreach (var (pattern, precision) in Moments.Zip([Duration.FromSeconds(1), Duration.FromMinutes(1)]))
        {
            if (pattern.Parse(value) is { Success: true } moment)
            {
                if (!RequestYears.Contains(moment.Value))
                {
                    throw OutOfYears(name, value);
                }

                var instant = moment.Value.ToInstant();
                return _ => (instant, instant + precision);
            }
        }

        throw FhirException.Invalid($"{name}: '{value}' is not a FHIR date (2026-12-07) or a date-time with its offset (2026-12-07T09:00:00-05:00).");
    }

    /// <summary>The API's one bound on dates (<see cref="RequestYears"/>), checked before any arithmetic on them.</summary>
    private static LocalDate InYears(string name, string value, LocalDate date) =>
        RequestYears.Contains(date) ? date : throw OutOfYears(name, value);

    private static FhirException OutOfYears(string name, string value) =>
        FhirException.Invalid($"{name}: '{value}' is out of bounds: {RequestYears.Rule}");

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    [GeneratedRegex("^[a-z]{2}")]
    private static partial Regex PrefixPattern();
}
