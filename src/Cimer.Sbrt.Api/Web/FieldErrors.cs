using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cimer.Sbrt.Api.Web;

/// <summary>
/// Collects field-level messages while a request is checked, so a 400 lists every problem at once.
/// Field names are the JSON paths the client sent ("lesions[1].greatestDiameterCm").
/// </summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(
            errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
            detail: "See errors for what to change.",
            title: "The request is not valid.");

    /// <summary>The value when it is one of <paramref name="allowed"/>; else an error that lists them.</summary>
    public string? OneOf(string field, string? value, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"Required: one of {string.Join(", ", allowed)}.");
            }

            return null;
        }

        if (allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        Add(field, EnumNames.NotOneOf(value, allowed));
        return null;
    }

    public string? Text(string field, string? value, int maxLength = 200, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "Required.");
            }

            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
            return null;
        }

        return trimmed;
    }

    public LocalDate? Date(string field, string? value, bool required = true) =>
        InYears(field, Parse(field, value, required, v => WireFormat.Date.Parse(v), "a date such as \"2026-12-07\""), RequestYears.Contains);

    public LocalTime? Time(string field, string? value, bool required = true) =>
        Parse(field, value, required, v => WireFormat.Time.Parse(v), "a local time such as \"08:00\"");

    public LocalDateTime? DateTime(string field, string? value, bool required = true) =>
        InYears(field, Parse(field, value, required, WireFormat.TryDateTime, "a local date-time such as \"2026-12-08T08:00\""), RequestYears.Contains);

    public OffsetDateTime? Moment(string field, string? value, bool required = true) =>
        InYears(field, Parse(field, value, required, WireFormat.TryMoment, "a moment with its offset such as \"2026-12-07T09:00:00-05:00\""), RequestYears.Contains);

    /// <summary>The one bound every date from a request meets (<see cref="RequestYears"/>).</summary>
    private T? InYears<T>(string field, T? value, Func<T, bool> inBounds)
        where T : struct
    {
        if (value is { } v && !inBounds(v))
        {
            Add(field, RequestYears.Rule);
            return null;
        }

        return value;
    }

    private T? Parse<T>(string field, string? value, bool required, Func<string, NodaTime.Text.ParseResult<T>> parse, string expected)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"Required: {expected}.");
            }

            return null;
        }

        var result = parse(value.Trim());
        if (result.Success)
        {
            return result.Value;
        }

        Add(field, $"\"{value}\" is not {expected}.");
        return null;
    }
}
