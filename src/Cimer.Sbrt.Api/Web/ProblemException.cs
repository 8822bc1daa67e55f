using Microsoft.AspNetCore.Mvc;

namespace Cimer.Sbrt.Api.Web;

/// <summary>
/// A decided 4xx: thrown from inside a read-decide-write so the transaction rolls back, and
/// turned into RFC 9457 problem details by <see cref="ProblemExceptionHandler"/>.
/// </summary>
internal sealed class ProblemException : Exception
{
    public ProblemException()
        : this(StatusCodes.Status400BadRequest, "Bad request", "The request cannot be served.")
    {
    }

    public ProblemException(string message)
        : this(StatusCodes.Status400BadRequest, "Bad request", message)
    {
    }

    public ProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCodes.Status400BadRequest;
        Title = "Bad request";
    }

    public ProblemException(int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
        : base(detail)
    {
        Status = status;
        Title = title;
        Extensions = extensions ?? new Dictionary<string, object?>();
    }

    public int Status { get; }

    public string Title { get; }

    public IReadOnlyDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    public ProblemDetails ToProblemDetails()
    {
        var problem = new ProblemDetails { Status = Status, Title = Title, Detail = Message };
        foreach (var (key, value) in Extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }
}
