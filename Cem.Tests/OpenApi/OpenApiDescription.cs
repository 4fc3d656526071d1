using System.Text.Json;
using System.Text.Json.Nodes;
using Cem.Functions.OpenApi;
using Json.Schema;

namespace Cem.Tests.OpenApi;

/// <summary>
/// The app's OpenAPI document (as embedded in Cem.Functions) and a check of a real response against it:
/// the status and media type must be described, and a JSON body must validate against its schema with
/// a JSON Schema 2020-12 validator (OpenAPI 3.1 schemas are JSON Schema).
/// </summary>
public static class OpenApiDescription
{
    public static readonly JsonObject Document = JsonNode.Parse(OpenApiFunctions.Json)!.AsObject();

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>The operations as "METHOD /path" with their operationId.</summary>
    public static IReadOnlyDictionary<string, string?> Operations() =>
        Document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(operation => operation.Key is "get" or "put" or "post" or "delete" or "options" or "head" or "patch" or "trace")
                .Select(operation => (Key: $"{operation.Key.ToUpperInvariant()} {path.Key}", Id: (string?)operation.Value!["operationId"])))
            .ToDictionary(o => o.Key, o => o.Id, StringComparer.Ordinal);

    /// <summary>
    /// Fails unless the document describes this response of <paramref name="method"/> <paramref name="path"/> (the
    /// path as the document writes it, e.g. <c>/api/signups/{id}</c>) and its body matches the schema. Returns the body.
    /// </summary>
    public static async Task<JsonElement?> AssertDescribedAsync(HttpResponseMessage response, string method, string path)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var where = $"{method.ToUpperInvariant()} {path} → {status}";
        var operation = Document["paths"]?[path]?[method.ToLowerInvariant()]
            ?? throw new Xunit.Sdk.XunitException($"The document has no operation {method.ToUpperInvariant()} {path}.");
        var described = Resolve(operation["responses"]?[status])
            ?? throw new Xunit.Sdk.XunitException($"The document does not describe {where}. Body: {Shorten(text)}");

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null)
        {
            Assert.True(text.Length == 0 || described["content"] is null, $"{where} has a body without a media type.");
            return null;
        }

        var content = described["content"]?[mediaType]
            ?? throw new Xunit.Sdk.XunitException($"The document does not describe {where} as {mediaType}. Body: {Shorten(text)}");
        if (!IsJson(mediaType))
        {
            return null;
        }

        var body = JsonNode.Parse(text);
        var schema = content["schema"]!;
        var errors = Errors(schema, body);
        Assert.True(errors.Count == 0, $"{where} ({mediaType}) does not match the document:\n{string.Join('\n', errors)}\nBody: {Shorten(text)}");

        // A schema that would also accept a renamed or missing field cannot catch drift between the code and the document.
        foreach (var (change, changed) in Mutations(text, removals: response.IsSuccessStatusCode))
        {
            Assert.True(Errors(schema, changed).Count > 0, $"The schema of {where} also accepts the body with {change}: make it strict (required, additionalProperties: false).");
        }

        return JsonSerializer.SerializeToElement(body);
    }

    /// <summary>The body with each member of its object (or of its array's first object) renamed, and removed.</summary>
    private static IEnumerable<(string Change, JsonNode? Body)> Mutations(string text, bool removals)
    {
        var names = Target(JsonNode.Parse(text)) is { } target ? target.Select(p => p.Key).ToList() : [];
        foreach (var name in names)
        {
            var renamed = JsonNode.Parse(text)!;
            var obj = Target(renamed)!;
            var value = obj[name]?.DeepClone();
            obj.Remove(name);
            obj[name + "Renamed"] = value;
            yield return ($"'{name}' renamed", renamed);

            if (removals)
            {
                var removed = JsonNode.Parse(text)!;
                Target(removed)!.Remove(name);
                yield return ($"'{name}' missing", removed);
            }
        }
    }

    private static JsonObject? Target(JsonNode? node) => node switch
    {
        JsonObject obj => obj,
        JsonArray { Count: > 0 } array => array[0] as JsonObject,
        _ => null,
    };

    /// <summary>The validation errors of <paramref name="instance"/> against a schema from the document (empty when it is valid).</summary>
    public static IReadOnlyList<string> Errors(JsonNode schema, JsonNode? instance)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var results = Compile(schema).Evaluate(instance, Evaluation);
        return results.IsValid
            ? []
            : (results.Details ?? []).Prepend(results)
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"  {(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
                .Distinct()
                .ToList();
    }

    /// <summary>
    /// The schema as a standalone JSON Schema: the document's component schemas become <c>$defs</c> so that its
    /// <c>$ref</c>s resolve. Each gets its own <c>$id</c>, so schemas never collide in the validator's registry.
    /// </summary>
    private static JsonSchema Compile(JsonNode schema)
    {
        var root = Rewrite(schema.DeepClone()).AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$id"] = $"https://cem.test/openapi/{Guid.NewGuid():n}";
        root["$defs"] = Rewrite(Document["components"]!["schemas"]!.DeepClone());
        return JsonSchema.FromText(root.ToJsonString());
    }

    private static JsonNode Rewrite(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj.ToList())
            {
                if (key == "$ref" && (string?)value is { } target && target.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                {
                    obj[key] = "#/$defs/" + target["#/components/schemas/".Length..];
                }
                else if (value is not null)
                {
                    Rewrite(value);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.Where(i => i is not null))
            {
                Rewrite(item!);
            }
        }

        return node;
    }

    /// <summary>A response, following a <c>$ref</c> to <c>components/responses</c>.</summary>
    private static JsonNode? Resolve(JsonNode? response) =>
        (string?)response?["$ref"] is { } target
            ? Document["components"]!["responses"]![target["#/components/responses/".Length..]]
            : response;

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
