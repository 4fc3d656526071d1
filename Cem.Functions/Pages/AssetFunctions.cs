using System.Reflection;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Pages;

/// <summary>The pages' stylesheet and scripts, embedded in the assembly so the app ships as one package.</summary>
public sealed class AssetFunctions
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    };

    [Function("Asset")]
    public static IActionResult Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{name}")] HttpRequest request,
        string name)
    {
        // Only names of embedded files are looked up, so nothing outside them can be served.
        var resource = typeof(AssetFunctions).Assembly.GetManifestResourceNames()
            .FirstOrDefault(r => r == "Cem.Functions.Pages.Assets." + name);
        if (resource is null || !ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "Not found", null, new Dictionary<string, string[]> { ["name"] = ["No such asset."] });
        }

        using var stream = typeof(AssetFunctions).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return new ContentResult { StatusCode = StatusCodes.Status200OK, ContentType = contentType, Content = reader.ReadToEnd() };
    }
}
