using System.Globalization;
using Cem.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Cem.Functions.Http;

/// <summary>
/// Under the Functions host: an HTTP function that failed because storage is unreachable
/// (<see cref="StorageFailures.IsUnreachable"/>) answers <c>503</c> problem+json with <c>Retry-After</c>
/// instead of the host's empty <c>500</c>. The DevHost cannot run worker middleware and does the same in its
/// HTTP trigger invoker; this class is the real host's half, and business behaviour never lives here.
/// </summary>
public sealed class StorageOutageMiddleware(ILogger<StorageOutageMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception e) when (StorageFailures.IsUnreachable(e) && context.GetHttpContext() is { } http && !http.Response.HasStarted)
        {
            logger.LogWarning(e, "Function {FunctionName} answered 503: storage is unreachable", context.FunctionDefinition.Name);
            http.Response.Headers.RetryAfter = ((int)StorageFailures.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            // The ASP.NET Core integration executes an IActionResult invocation result after the pipeline.
            context.GetInvocationResult().Value = Responses.Problem(StatusCodes.Status503ServiceUnavailable, StorageFailures.Title, StorageFailures.Detail);
        }
    }
}
