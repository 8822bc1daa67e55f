using System.Security.Cryptography;
using System.Text;
using Cimer.Sbrt.Api.Audit;
using Cimer.Sbrt.Api.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Cimer.Sbrt.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on the POSTs of endpoints marked <see cref="IdempotentEndpoint"/>, per
/// draft-ietf-httpapi-idempotency-key-header. Keys belong to the caller (the token's subject). The
/// fingerprint is the SHA-256 of the method, the path with its query, and the body. The first
/// answer (status, Location, ETag, Content-Type, body) is committed in the transaction of the
/// change it reports, and replayed for 24 hours to the same request; the same key with another
/// request is a 422, and while the first is still running a 409. Answers of 500 and above are not
/// kept: the request changed nothing and may be retried. The answer of an endpoint marked
/// <see cref="SecretAnswer"/> is kept encrypted with Data Protection, and decrypted to replay it.
/// </summary>
internal sealed class IdempotencyMiddleware(
    RequestDelegate next, Database database, IClock clock, InFlightKeys inFlight, InstanceLiveness liveness, IProblemDetailsService problems, IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector(SecretAnswer.Purpose);

    public const string ReplayedHeader = "Idempotent-Replayed";

    private const string DocumentationType = "https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (!HttpMethods.IsPost(context.Request.Method)
            || endpoint?.Metadata.GetMetadata<IdempotentEndpoint>() is null
            || !context.Request.Headers.TryGetValue(IdempotencyKey.Header, out var header))
        {
            await next(context);
            return;
        }

        if (!IdempotencyKey.TryParse(header, out var key, out var error))
        {
            await InvalidKeyAsync(context, error);
            return;
        }

        var ct = context.RequestAborted;
        var subject = Actor.From(context.User).Subject;
        var fingerprint = await FingerprintAsync(context.Request, ct);
        if (!inFlight.TryEnter(subject, key, fingerprint, out var running))
        {
            await (running is null || running == fingerprint ? StillRunningAsync(context) : ReusedAsync(context));
            return;
        }

        try
        {
            var now = clock.GetCurrentInstant();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                // Another instance's request in flight is invisible to InFlightKeys: the claim row says it.
                var held = await database.ReadAsync(connection => IdempotencyStore.ClaimAsync(connection, subject, key, fingerprint, liveness.Owner, now, ct));
                if (held is null)
                {
                    await RunClaimedAsync(context, endpoint, subject, key, fingerprint, ct);
                    return;
                }

                if (held.State == "running")
                {
                    await (held.Fingerprint == fingerprint ? StillRunningAsync(context) : ReusedAsync(context));
                    return;
                }
            }

            var kept = await database.ReadAsync(connection => IdempotencyStore.FindAsync(connection, subject, key, now, ct));
            if (kept is null)
            {
                var secret = endpoint.Metadata.GetMetadata<SecretAnswer>() is not null;
                await RunAndKeepAsync(context, subject, key, fingerprint, secret, ct);
            }
            else if (kept.Fingerprint == fingerprint)
            {
                await ReplayAsync(context, kept);
            }
            else
            {
                await ReusedAsync(context);
            }
        }
        finally
        {
            inFlight.Exit(subject, key);
        }
    }

    /// <summary>Runs a request whose key this instance claimed in the database, and frees the claim if no answer was kept.</summary>
    private async Task RunClaimedAsync(HttpContext context, Endpoint endpoint, string subject, string key, string fingerprint, CancellationToken ct)
    {
        try
        {
            await RunAndKeepAsync(context, subject, key, fingerprint, endpoint.Metadata.GetMetadata<SecretAnswer>() is not null, ct);
        }
        finally
        {
            await database.ReadAsync(async connection =>
            {
                await IdempotencyStore.ReleaseAsync(connection, subject, key);
                return true;
            });
        }
    }

    private async Task RunAndKeepAsync(HttpContext context, string subject, string key, string fingerprint, bool secret, CancellationToken ct)
    {
        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        await using (var deferred = DeferredCommit.Open())
        {
            try
            {
                try
                {
                    await next(context);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A decided problem (4xx) is an answer like any other: written here, into the
                    // buffer, by the service's own exception mapping, and kept. Anything else goes on
                    // to the outer handler as a 500, and nothing is kept.
                    await deferred.RollbackAsync();
                    if (!await HandleAsync(context, exception))
                    {
                        throw;
                    }
                }

                if (response.StatusCode >= StatusCodes.Status500InternalServerError)
                {
                    await deferred.RollbackAsync();
                }
                else
                {
                    var answer = new KeptAnswer
                    {
                        Fingerprint = fingerprint,
                        Status = response.StatusCode,
                        Location = response.Headers.Location.FirstOrDefault(),
                        Etag = response.Headers.ETag.FirstOrDefault(),
                        ContentType = response.ContentType,
                        Body = secret ? protector.Protect(buffer.ToArray()) : buffer.ToArray(),
                        Protected = secret,
                    };
                    var now = clock.GetCurrentInstant();
                    await deferred.CommitAsync(database, (connection, transaction) => IdempotencyStore.KeepAsync(connection, transaction, subject, key, answer, now, ct), ct);
                }
            }
            finally
            {
                response.Body = original;
            }
        }

        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, ct);
    }

    /// <summary>What the exception handler middleware would do, so the answer lands in the buffer.</summary>
    private static async Task<bool> HandleAsync(HttpContext context, Exception exception)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        foreach (var handler in context.RequestServices.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(context, exception, context.RequestAborted))
            {
                return context.Response.StatusCode < StatusCodes.Status500InternalServerError;
            }
        }

        return false;
    }

    private async Task ReplayAsync(HttpContext context, KeptAnswer kept)
    {
        var body = kept.Protected ? protector.Unprotect(kept.Body) : kept.Body;
        var response = context.Response;
        response.StatusCode = (int)kept.Status;
        if (kept.Location is not null)
        {
            response.Headers.Location = kept.Location;
        }

        if (kept.Etag is not null)
        {
            response.Headers.ETag = kept.Etag;
        }

        response.ContentType = kept.ContentType;
        response.Headers[ReplayedHeader] = "true";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>SHA-256 over "METHOD path?query", a newline, and the body (read, then rewound for the endpoint).</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private Task InvalidKeyAsync(HttpContext context, string error) =>
        WriteAsync(context, new HttpValidationProblemDetails(new Dictionary<string, string[]> { [IdempotencyKey.Header] = [error] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Detail = "See errors for what to change.",
            Type = DocumentationType,
        });

    private Task StillRunningAsync(HttpContext context) =>
        WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "A request with this Idempotency-Key is still running",
            Detail = "The first request with this key has not answered yet; retry the same request in a moment and it will get that answer.",
            Type = DocumentationType,
        });

    // 422 like the service's other ones: with a code and (no) violations.
    private Task ReusedAsync(HttpContext context) =>
        WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Idempotency-Key already used for another request",
            Detail = "This key was used in the last 24 hours with another method, path or body. Use a new key for a new request.",
            Type = DocumentationType,
            Extensions = { ["code"] = "idempotencyKeyReused", ["violations"] = Array.Empty<object>() },
        });

    private async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
