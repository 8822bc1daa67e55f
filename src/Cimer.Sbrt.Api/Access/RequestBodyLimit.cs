using System.Globalization;
using Cimer.Sbrt.Api.Web;
using Microsoft.Extensions.Options;

namespace Cimer.Sbrt.Api.Access;

/// <summary>
/// A body over <see cref="LimitsOptions.MaxRequestBodyBytes"/> is a 413 before anything reads it.
/// A declared length is refused here; Kestrel cuts a chunked body at the same size, and that ends
/// as the same 413 through the exception mapping.
/// </summary>
internal static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app)
    {
        var max = app.ApplicationServices.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxRequestBodyBytes;
        return app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > max)
            {
                throw TooLarge(max);
            }

            await next(context);
        });
    }

    public static ProblemException TooLarge(long max) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"The body may be at most {max.ToString(CultureInfo.InvariantCulture)} bytes.");
}
