using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Cem.Functions.Http;

public enum BodyKind
{
    Json,
    Form,
}

/// <summary>A request body read as JSON or as an HTML form post, or the 4xx that says why it could not be.</summary>
public sealed record Body<T>(T? Value, BodyKind Kind, IActionResult? Error)
    where T : class;

/// <summary>
/// Reads a JSON or form body with a size limit, before anything is stored. Form posts let the pages
/// work without JavaScript; both use the same field names.
/// </summary>
public static class RequestBody
{
    public const int DefaultLimit = 64 * 1024;

    public static async Task<Body<T>> ReadAsync<T>(HttpRequest request, Func<IReadOnlyDictionary<string, StringValues>, T> fromForm, CancellationToken cancellationToken, int limit = DefaultLimit)
        where T : class
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var kind = mediaType switch
        {
            "application/json" => BodyKind.Json,
            "application/x-www-form-urlencoded" => BodyKind.Form,
            _ => (BodyKind?)null,
        };
        if (kind is null)
        {
            return new(null, BodyKind.Json, Responses.Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                "Send application/json or application/x-www-form-urlencoded.",
                new Dictionary<string, string[]> { ["Content-Type"] = [$"'{mediaType ?? "(none)"}' is not accepted."] }));
        }

        if (request.ContentLength > limit)
        {
            return new(null, kind.Value, TooLarge(limit));
        }

        var bytes = await ReadLimitedAsync(request.Body, limit, cancellationToken);
        if (bytes is null)
        {
            return new(null, kind.Value, TooLarge(limit));
        }

        if (kind == BodyKind.Form)
        {
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return new(null, kind.Value, Malformed("The form data is not valid UTF-8.", "body"));
            }

            return new(fromForm(QueryHelpers.ParseQuery(text)), kind.Value, null);
        }

        // Syntax first, so "the JSON is broken" (body) is told apart from "this field has the wrong type".
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new(null, kind.Value, Malformed("The body must be a JSON object.", "body"));
            }
        }
        catch (JsonException)
        {
            return new(null, kind.Value, Malformed("The body is not valid JSON.", "body"));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, Responses.Json);
            return value is null
                ? new(null, kind.Value, Malformed("The body must be a JSON object.", "body"))
                : new(value, kind.Value, null);
        }
        catch (JsonException e)
        {
            // The path names the field ("$.consent"); the message stays generic so nothing internal leaks.
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return new(null, kind.Value, Malformed($"'{field}' has the wrong type.", field));
        }
    }

    /// <summary>The body's bytes as sent (for a signature check), or 413 beyond <paramref name="limit"/>.</summary>
    public static async Task<(byte[]? Bytes, IActionResult? Error)> ReadRawAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bytes = request.ContentLength > limit ? null : await ReadLimitedAsync(request.Body, limit, cancellationToken);
        return bytes is null ? (null, TooLarge(limit)) : (bytes, null);
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ContentResult TooLarge(int limit) =>
        Responses.Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body must be at most {limit / 1024} KiB.",
            new Dictionary<string, string[]> { ["body"] = [$"At most {limit} bytes are accepted."] });

    private static ContentResult Malformed(string detail, string field) =>
        Responses.Problem(StatusCodes.Status400BadRequest, "Malformed request", detail, new Dictionary<string, string[]> { [field] = [detail] });

    public static string? Field(this IReadOnlyDictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var values) ? values.ToString() : null;

    /// <summary>An HTML checkbox posts "on" when ticked and nothing when not.</summary>
    public static bool? Checkbox(this IReadOnlyDictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var values)
            ? values.ToString().ToLowerInvariant() is "on" or "true" or "yes" or "1"
            : null;
}
