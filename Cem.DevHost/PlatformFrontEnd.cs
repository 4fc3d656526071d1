using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Cem.DevHost;

/// <summary>
/// What stands between a client and the functions in Azure, played locally so the app sees what production sees.
/// Azure's front end appends the address it received the connection from to <c>X-Forwarded-For</c> and says which
/// scheme and host the client used; the Functions host passes the request to the worker over loopback; the worker's
/// ASP.NET Core integration (<c>ConfigureFunctionsWebApplication</c>) then runs the forwarded-headers middleware, which
/// moves the last entry into <c>Connection.RemoteIpAddress</c> and leaves only what the client sent in the header.
/// Without this a local client could choose its own address by sending the header.
/// </summary>
public static class PlatformFrontEnd
{
    /// <summary>
    /// The worker's options, as Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore sets them: every forwarded
    /// header, the default limit of one proxy, and loopback (the host) as the only known proxy.
    /// </summary>
    public static ForwardedHeadersOptions WorkerOptions() => new() { ForwardedHeaders = ForwardedHeaders.All };

    public static IApplicationBuilder UsePlatformFrontEnd(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Request.Headers;
            var connection = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
            var sent = headers["X-Forwarded-For"].Where(v => !string.IsNullOrWhiteSpace(v));
            headers["X-Forwarded-For"] = string.Join(", ", sent.Append(connection.ToString()));
            headers["X-Forwarded-Proto"] = context.Request.Scheme;
            headers["X-Forwarded-Host"] = context.Request.Host.Value;
            headers.Remove("X-Forwarded-Prefix");
            context.Connection.RemoteIpAddress = IPAddress.Loopback; // the host's hop to the worker
            return next(context);
        });
        return app.UseForwardedHeaders(WorkerOptions());
    }
}
