using Cimer.Sbrt.Api.Data;
using Cimer.Sbrt.Api.Jobs;
using Microsoft.Extensions.Options;

namespace Cimer.Sbrt.Api.Webhooks;

/// <summary>
/// After a successful change through the API, has the delivery job fired at once instead of waiting
/// for the next poll (<see cref="WebhookKicks"/>, off the request). The handler has committed by then, so the pass sees the new events; a job
/// already running makes Quartz hold this firing until it ends ([DisallowConcurrentExecution]).
/// Under an Idempotency-Key the change commits only with its answer, after this filter: the
/// firing then waits for that commit.
/// </summary>
internal sealed class WebhookKick(WebhookKicks kicks, IOptions<JobsOptions> jobs) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        // Refusals are thrown (problem exceptions) or returned as a 400 result, which is not written yet.
        var answer = result is INestedHttpResult nested ? nested.Result : result;
        if (jobs.Value.Enabled && !HttpMethods.IsGet(http.Request.Method) && answer is not IStatusCodeHttpResult { StatusCode: >= 400 })
        {
            if (DeferredCommit.Current is { HoldsTransaction: true } deferred)
            {
                deferred.AfterCommit(() =>
                {
                    kicks.Kick();
                    return Task.CompletedTask;
                });
            }
            else
            {
                kicks.Kick();
            }
        }

        return result;
    }
}
