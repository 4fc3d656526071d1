using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.OpenApi;

/// <summary>
/// Serves the OpenAPI 3.1 description of every route: <c>openapi.json</c> beside this file, embedded in the
/// assembly. It is written by hand (see docs/architecture.md); tests hold it to functions.metadata and to real responses.
/// </summary>
public sealed class OpenApiFunctions
{
    public const string ResourceName = "Cem.Functions.OpenApi.openapi.json";

    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunctions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The document as embedded, for tests and tools.</summary>
    public static string Json => Document.Value;

    [Function(nameof(GetOpenApiDocument))]
    public static IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // It changes only with a deployment; an hour of caching spares clients and proxies the refetch.
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        return new ContentResult { StatusCode = StatusCodes.Status200OK, ContentType = "application/json; charset=utf-8", Content = Json };
    }
}
