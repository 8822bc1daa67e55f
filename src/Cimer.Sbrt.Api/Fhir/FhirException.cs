using Hl7.Fhir.Model;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>A FHIR request that cannot be answered: turned into an <c>OperationOutcome</c> with its status.</summary>
internal sealed class FhirException : Exception
{
    public FhirException()
        : this(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, "The request is not valid.")
    {
    }

    public FhirException(string message)
        : this(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, message)
    {
    }

    public FhirException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCodes.Status400BadRequest;
        Code = OperationOutcome.IssueType.Invalid;
    }

    public FhirException(int status, OperationOutcome.IssueType code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public OperationOutcome.IssueType Code { get; }

    public static FhirException Invalid(string message) => new(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, message);

    public static FhirException NotFound(string type, string id) =>
        new(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, $"No {type} with id '{id}'.");

    /// <summary>The issue type a FHIR client acts on, for each HTTP status this server answers.</summary>
    public static OperationOutcome.IssueType CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => OperationOutcome.IssueType.Login,
        StatusCodes.Status403Forbidden => OperationOutcome.IssueType.Forbidden,
        StatusCodes.Status404NotFound => OperationOutcome.IssueType.NotFound,
        StatusCodes.Status405MethodNotAllowed or StatusCodes.Status406NotAcceptable or StatusCodes.Status415UnsupportedMediaType => OperationOutcome.IssueType.NotSupported,
        StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed => OperationOutcome.IssueType.Conflict,
        StatusCodes.Status413PayloadTooLarge => OperationOutcome.IssueType.TooLong,
        StatusCodes.Status422UnprocessableEntity => OperationOutcome.IssueType.BusinessRule,
        StatusCodes.Status429TooManyRequests => OperationOutcome.IssueType.Throttled,
        >= 500 => OperationOutcome.IssueType.Exception,
        _ => OperationOutcome.IssueType.Invalid,
    };

    public static FhirResult Outcome(int status, OperationOutcome.IssueType code, string diagnostics) =>
        new(new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = code, Diagnostics = diagnostics }],
        }, status);
}
