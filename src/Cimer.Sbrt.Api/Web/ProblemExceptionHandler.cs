using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Cimer.Sbrt.Api.Web;

/// <summary>
/// The one exception-to-problem mapping. Decided problems keep their status; malformed bodies,
/// wrong content types and unbindable values become 400/415 with field errors; a unique index
/// that fires (a slot or a study id taken by a concurrent request) is a 409; text PostgreSQL cannot
/// store (a NUL character) is a 400. Anything else is
/// left to the default 500 problem, which carries no stack trace.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ProblemException decided => decided.ToProblemDetails(),
            BadHttpRequestException badRequest => FromBadRequest(badRequest),
            DbException constraint when DatabaseErrors.IsConflict(constraint) =>
                new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "Conflict",
                    Detail = "Another request took the same slot or id at the same moment; nothing was changed. Read again and retry.",
                },
            DbException text when DatabaseErrors.IsUnstorableText(text) =>
                new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "Bad request",
                    Detail = "The request holds the NUL character (U+0000), which the database cannot store; nothing was changed.",
                },
            DbException busy when DatabaseErrors.IsBusy(busy) =>
                new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Busy",
                    Detail = "The database has no connection free for this request now; nothing was changed. Retry shortly.",
                },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        if (problem.Status >= 500)
        {
            LogUnexpected(logger, exception);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new ProblemDetails
            {
                Status = exception.StatusCode,
                Title = "Unsupported media type",
                Detail = "Send the body as JSON with Content-Type: application/json.",
            };
        }

        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel cut a body sent without a length at the configured limit.
            return new ProblemDetails
            {
                Status = exception.StatusCode,
                Title = "Request body too large",
                Detail = "The body is larger than this service accepts (Limits:MaxRequestBodyBytes).",
            };
        }

        if (exception.StatusCode != StatusCodes.Status400BadRequest)
        {
            return new ProblemDetails { Status = exception.StatusCode, Title = "Bad request", Detail = "The request cannot be read." };
        }

        var (field, message) = exception.InnerException switch
        {
            WireValueException refused => (FieldOf(refused.Path), refused.Message),
            JsonException json when UnmappedField(json) is { } name => (Join(FieldOf(json.Path), name), UnknownField(name)),
            JsonException json => (FieldOf(json.Path), JsonMessage(json)),
            _ when exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => ("body", "A JSON body is required."),
            _ => ("request", "The request cannot be read: check the route, query and body values."),
        };
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Detail = "See errors for what to change.",
        };
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$').TrimStart('.');

    /// <summary>
    /// The field System.Text.Json refused under <c>JsonUnmappedMemberHandling.Disallow</c>, which it
    /// names only in its message: "The JSON property 'x' could not be mapped to any .NET member ...".
    /// </summary>
    private static string? UnmappedField(JsonException json)
    {
        if (!json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return null;
        }

        var start = json.Message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : json.Message.IndexOf('\'', start + 1);
        return end > start ? json.Message[(start + 1)..end] : null;
    }

    /// <summary>The path of a field inside the object at <paramref name="path"/> (which may already end with it).</summary>
    private static string Join(string path, string name) =>
        path == "body" ? name : path == name || path.EndsWith("." + name, StringComparison.Ordinal) ? path : $"{path}.{name}";

    private static string UnknownField(string name) =>
        $"Unknown field '{name}': this request has no such field (check its spelling and case in the schema).";

    private static string JsonMessage(JsonException json)
    {
        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
        return string.IsNullOrEmpty(json.Path) || json.Path == "$"
            ? $"The body is not valid JSON for this request{where}."
            : $"This value has the wrong type or is out of range{where}.";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
