using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Pages;

/// <summary>The pages' stylesheet, scripts and images, embedded in the assembly so the app ships as one package.</summary>
public sealed class AssetFunctions
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    };

    [Function(nameof(Asset))]
    public static IActionResult Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{name}")] HttpRequest request,
        string name) => Serve(request, name);

    /// <summary>Browsers ask for /favicon.ico on their own (pages name /assets/favicon.svg); without this it was a 404 on every page.</summary>
    [Function(nameof(Favicon))]
    public static IActionResult Favicon(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "favicon.ico")] HttpRequest request) => Serve(request, "favicon.ico");

    private static IActionResult Serve(HttpRequest request, string name)
    {
        // Only names of embedded files are looked up, so nothing outside them can be served.
        var resource = typeof(AssetFunctions).Assembly.GetManifestResourceNames()
            .FirstOrDefault(r => r == "Cem.Functions.Pages.Assets." + name);
        if (resource is null || !ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "Not found", null, new Dictionary<string, string[]> { ["name"] = ["No such asset."] });
        }

        using var stream = typeof(AssetFunctions).Assembly.GetManifestResourceStream(resource)!;
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return new FileContentResult(bytes.ToArray(), contentType);
    }
}
