using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cem.Functions.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Cem.Tests.OpenApi;

/// <summary>The OpenAPI document against the contract the host reads (functions.metadata) and against the OpenAPI 3.1 rules.</summary>
public sealed partial class OpenApiDocumentTests
{
    [Fact]
    public void Every_http_function_is_described_and_nothing_else_is()
    {
        var functions = HttpFunctions();
        Assert.True(functions.Count >= 30, "functions.metadata should list the app's HTTP functions");
        var operations = OpenApiDescription.Operations();

        var missing = functions.Keys.Except(operations.Keys).Order(StringComparer.Ordinal).ToList();
        var unknown = operations.Keys.Except(functions.Keys).Order(StringComparer.Ordinal).ToList();
        var misnamed = functions.Where(f => operations.TryGetValue(f.Key, out var id) && id != f.Value)
            .Select(f => $"{f.Key}: operationId '{operations[f.Key]}', function '{f.Value}'").ToList();

        Assert.True(missing.Count + unknown.Count + misnamed.Count == 0,
            $"Routes missing from the document:\n  {string.Join("\n  ", missing)}\n" +
            $"Routes in the document that no function serves:\n  {string.Join("\n  ", unknown)}\n" +
            $"operationIds that are not the function's name:\n  {string.Join("\n  ", misnamed)}");
    }

    /// <summary>
    /// The Functions host tries overlapping routes in the order of their functions' names, not by which is more
    /// specific as ASP.NET Core does (azure-functions-host#9876): <c>comments/{id}/replies</c> served by
    /// <c>ReplyToComment</c> is never reached while <c>ModerateComment</c> serves <c>comments/{id}/{action}</c>.
    /// The DevHost routes like ASP.NET Core, so only this check sees it.
    /// </summary>
    [Fact]
    public void No_route_is_hidden_behind_another_that_the_Functions_host_tries_first()
    {
        var routes = HttpFunctions().Select(f => (Method: f.Key[..f.Key.IndexOf(' ', StringComparison.Ordinal)], Path: f.Key[(f.Key.IndexOf(' ', StringComparison.Ordinal) + 1)..], Function: f.Value)).ToList();
        var hidden =
            from route in routes
            let example = AnyRouteParameter().Replace(route.Path, "x1")
            from earlier in routes
            where earlier.Method == route.Method && earlier.Path != route.Path
                && StringComparer.OrdinalIgnoreCase.Compare(earlier.Function, route.Function) < 0
                && Regex.IsMatch(example, "^" + AnyRouteParameter().Replace(Regex.Escape(earlier.Path).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$")
            select $"{route.Method} {route.Path} ({route.Function}) is answered by {earlier.Path} ({earlier.Function})";

        Assert.Empty(hidden);
    }

    [Fact]
    public void The_document_is_valid_OpenAPI_3_1()
    {
        var (document, diagnostic) = OpenApiDocument.Parse(OpenApiFunctions.Json, "json", new OpenApiReaderSettings());

        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic!.SpecificationVersion);
        Assert.True(diagnostic.Errors.Count == 0, "Reader errors:\n" + string.Join('\n', diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        var errors = document!.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(errors.Count == 0, "Validation errors:\n" + string.Join('\n', errors.Select(e => $"{e.Pointer}: {e.Message}")));
    }

    /// <summary>
    /// The HTTP functions of the product as "METHOD /path" with their names (functions of other assemblies, such as
    /// the DevHost tests' own function app, are not part of the API).
    /// </summary>
    private static Dictionary<string, string> HttpFunctions()
    {
        var directory = AppContext.BaseDirectory;
        var prefix = (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "host.json")))?["extensions"]?["http"]?["routePrefix"] ?? "api";
        var functions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "functions.metadata")))!.AsArray())
        {
            var name = (string)function!["name"]!;
            if ((string?)function["scriptFile"] != "Cem.Functions.dll")
            {
                continue;
            }

            foreach (var trigger in function["bindings"]!.AsArray().Where(b => (string?)b!["type"] == "httpTrigger"))
            {
                var path = PathOf(prefix, (string?)trigger!["route"] ?? name);
                foreach (var method in trigger["methods"]!.AsArray())
                {
                    functions.Add($"{((string)method!).ToUpperInvariant()} {path}", name);
                }
            }
        }

        return functions;
    }

    /// <summary>
    /// An ASP.NET Core route template as an OpenAPI path: constraints dropped (<c>{count:int}</c> → <c>{count}</c>),
    /// and an optional parameter that must be empty (<c>{ignored:maxlength(0)?}</c>, how a function answers the
    /// site root) left out.
    /// </summary>
    public static string PathOf(string prefix, string route)
    {
        var segments = $"{prefix.Trim('/')}/{route.Trim('/')}".Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(segment => RouteParameter().Match(segment) is { Success: true } parameter
                ? parameter.Groups["constraints"].Value.Contains(":maxlength(0)", StringComparison.Ordinal) && parameter.Groups["optional"].Success
                    ? null
                    : "{" + parameter.Groups["name"].Value + "}"
                : segment)
            .Where(segment => segment is not null);
        return "/" + string.Join('/', segments);
    }

    [Theory]
    [InlineData("", "{ignored:maxlength(0)?}", "/")]
    [InlineData("", "api/comments/{id}/votes", "/api/comments/{id}/votes")]
    [InlineData("", "api/diagnostics/queue-probes/{count:int}", "/api/diagnostics/queue-probes/{count}")]
    [InlineData("api", "states/{code:alpha:length(2)}", "/api/states/{code}")]
    public void Route_templates_become_OpenAPI_paths(string prefix, string route, string path) => Assert.Equal(path, PathOf(prefix, route));

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex AnyRouteParameter();

    [GeneratedRegex(@"^\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<constraints>(?::[^?}]+)*)(?<optional>\?)?\}$")]
    private static partial Regex RouteParameter();
}
