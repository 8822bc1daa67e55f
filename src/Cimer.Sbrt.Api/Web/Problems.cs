namespace Cimer.Sbrt.Api.Web;

/// <summary>The problems this service answers, one place for their titles and status codes.</summary>
internal static class Problems
{
    public static ProblemException NotFound(string what, string id) =>
        new(StatusCodes.Status404NotFound, "Not found", $"No {what} with id '{id}'.");

    public static ProblemException Conflict(string detail) =>
        new(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemException PreconditionRequired(string what = "plan") =>
        new(StatusCodes.Status428PreconditionRequired, "If-Match required",
            $"Send If-Match with the {what}'s ETag (from GET) so a change never overwrites one you have not seen.");

    public static ProblemException PreconditionFailed(long currentVersion, string what = "plan") =>
        new(StatusCodes.Status412PreconditionFailed, "Stale If-Match",
            $"The {what} has changed since you read it: it is now at version {currentVersion}. GET it again and retry.",
            new Dictionary<string, object?> { ["currentVersion"] = currentVersion });

    /// <summary>400: an <c>If-Match</c> that is not a quoted strong entity tag, with how to write it.</summary>
    public static ProblemException BadIfMatch(string message) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", message,
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["If-Match"] = [message] } });

    /// <summary>400 on one field, shaped as every validation problem is (see <see cref="FieldErrors.ToProblem"/>).</summary>
    public static ProblemException Field(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", "See errors for what to change.",
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>422: a scheduling rule cannot be met. <paramref name="code"/> is stable for integrators.</summary>
    public static ProblemException Unprocessable(string code, string detail, object violations, object? suggestions = null) =>
        new(StatusCodes.Status422UnprocessableEntity, "A scheduling rule cannot be met", detail,
            new Dictionary<string, object?>
            {
                ["code"] = code,
                ["violations"] = violations,
                ["suggestions"] = suggestions ?? Array.Empty<object>(),
            });
}
