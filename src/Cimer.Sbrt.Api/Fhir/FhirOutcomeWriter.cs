using Microsoft.AspNetCore.WebUtilities;

namespace Cimer.Sbrt.Api.Fhir;

/// <summary>
/// The problem writer for <c>/fhir/r4</c>: every error there that the FHIR endpoints do not answer
/// themselves (401 and 403 from authentication, 413 from the body limit, 429 from the rate limiter,
/// a decided <see cref="Web.ProblemException"/>, a 500) goes through <see cref="IProblemDetailsService"/>,
/// and this writer, registered ahead of the default one, answers it as the OperationOutcome a FHIR
/// client reads. Headers set before (<c>WWW-Authenticate</c>, <c>Retry-After</c>) stay as they are.
/// </summary>
internal sealed class FhirOutcomeWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments(FhirApi.Prefix);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        var diagnostics = context.ProblemDetails.Detail ?? status switch
        {
            StatusCodes.Status401Unauthorized => "Send a valid bearer token: Authorization: Bearer <token>.",
            StatusCodes.Status403Forbidden => "This token's roles do not allow reading FHIR: any of admin, scheduler, physicist or viewer does.",
            _ => context.ProblemDetails.Title ?? ReasonPhrases.GetReasonPhrase(status),
        };
        await FhirException.Outcome(status, FhirException.CodeFor(status), diagnostics).ExecuteAsync(context.HttpContext);
    }
}
