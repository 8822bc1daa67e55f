namespace Cimer.Sbrt.Api.Access;

/// <summary>
/// A feed URL carries its token in the query string (calendar clients send no headers), and ASP.NET
/// Core's request log (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, "Request starting/finished
/// GET http://host/...?token=...") writes the whole URL at Information. That category is held at
/// Warning here, whatever <c>Logging:LogLevel:Microsoft.AspNetCore</c> says, so turning up the
/// framework's logs never writes a token. Routing, authentication and the rest still log paths.
/// </summary>
internal static class QueryStringLogging
{
    public const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static ILoggingBuilder KeepQueryStringsOutOfLogs(this ILoggingBuilder logging) =>
        logging.AddFilter(RequestLogCategory, LogLevel.Warning);
}
