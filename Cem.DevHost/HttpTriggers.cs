using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cem.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cem.DevHost;

/// <summary>The function key that <c>Function</c> and <c>Admin</c> level HTTP functions require.</summary>
public sealed class FunctionKey(string value)
{
    public const string Setting = "DEVHOST_FUNCTION_KEY";

    public string Value { get; } = value;

    public static string Generate() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Constant-time comparison; both sides are hashed first so their lengths do not show either.</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(candidate)),
            SHA256.HashData(Encoding.UTF8.GetBytes(Value)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Maps HTTP-triggered functions: route template, methods and auth level from functions.metadata, under host.json's routePrefix.</summary>
public static class HttpTriggers
{
    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<FunctionDescriptor> functions, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var function in functions.Where(f => f.CanRun && f.Kind == TriggerKind.Http))
        {
            var pattern = "/" + function.HttpRoute(routePrefix);
            RequestDelegate handler = context => HandleAsync(function, context);
            var builder = function.HttpMethods is { Count: > 0 } methods
                ? endpoints.MapMethods(pattern, methods, handler)
                : endpoints.Map(pattern, handler);
            builder.WithDisplayName("Functions." + function.Name);
        }
    }

    private static async Task HandleAsync(FunctionDescriptor function, HttpContext http)
    {
        var services = http.RequestServices;
        if (function.RequiresKey)
        {
            var key = services.GetRequiredService<FunctionKey>();
            var supplied = http.Request.Headers["x-functions-key"].FirstOrDefault() ?? http.Request.Query["code"].FirstOrDefault();
            if (!key.Matches(supplied))
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized",
                    detail: "This function needs a function key: send it in the x-functions-key header or the code query parameter.").ExecuteAsync(http);
                return;
            }
        }

        // The worker's SecurityHeadersMiddleware, which the DevHost cannot run as such.
        Cem.Functions.Http.SecurityHeaders.ApplyOnStarting(http);
        var invoker = services.GetRequiredService<FunctionInvoker>();
        try
        {
            var result = await invoker.InvokeAsync(function, services, new InvocationContext
            {
                Reason = "This function was programmatically called via the host APIs.",
                Http = http,
                CancellationToken = http.RequestAborted,
            });
            await WriteResultAsync(http, result);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (BindingException e) when (!http.Response.HasStarted)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: e.Message).ExecuteAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && StorageFailures.IsUnreachable(e))
        {
            // A known, transient failure: say so and when to come back, as the worker's StorageOutageMiddleware does.
            http.Response.Clear();
            http.Response.Headers.RetryAfter = ((int)StorageFailures.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: StorageFailures.Title,
                detail: StorageFailures.Detail).ExecuteAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            // The invoker logged the exception; the client learns nothing about it.
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Host.DevHost").LogDebug(e, "Answered 500 for {FunctionName}", function.Name);
            http.Response.Clear();
            await Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "An error occurred while processing the request.").ExecuteAsync(http);
        }
    }

    private static Task WriteResultAsync(HttpContext http, object? result) => result switch
    {
        null => Task.CompletedTask, // the function wrote the response itself, or returned nothing: 200 with what it wrote
        IActionResult action => action.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())),
        IResult minimal => minimal.ExecuteAsync(http),
        _ => new ObjectResult(result).ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())),
    };
}
