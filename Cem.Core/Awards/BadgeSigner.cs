using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Cem.Core.Awards;

/// <summary>What checking a VC-JWT found: whether CEM's key signed exactly these bytes, and its payload when it parses.</summary>
public sealed record JwtCheck(bool SignatureValid, JsonObject? Header, JsonObject? Payload, string? Problem);

/// <summary>
/// Signs VC-JWTs (JWS compact, ES256) with the current key and checks them against every published key: the current
/// one and those it replaced (<see cref="AwardOptions.PreviousSigningKeys"/>), each under its own key id, all in the
/// JWK Set. A JWS is three base64url parts, so it is written here with .NET's ECDsa rather than a JWT library.
/// </summary>
public sealed class BadgeSigner : IDisposable
{
    private readonly ECDsa? key;

    /// <summary>Every published key by its id, the current one first.</summary>
    private readonly List<(string Id, ECDsa Key)> published = [];

    public BadgeSigner(IOptions<AwardOptions> options, IOptions<CemOptions> site)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(site);
        var jwksUrl = site.Value.Link("/.well-known/jwks.json").AbsoluteUri;
        if (!string.IsNullOrWhiteSpace(options.Value.SigningKey) && SigningKey.TryLoad(options.Value.SigningKey, out var loaded, out _))
        {
            key = loaded;
            KeyId = jwksUrl + "#" + SigningKey.Thumbprint(loaded);
            published.Add((KeyId, loaded));
        }

        if (SigningKey.TryLoadPublic(options.Value.PreviousSigningKeys, out var previous, out _))
        {
            published.AddRange(previous.Select(k => (jwksUrl + "#" + SigningKey.Thumbprint(k), k)));
        }
    }

    public bool CanSign => key is not null;

    /// <summary>The current key's id: a URI that leads to the key, the JWK Set's address with the key's thumbprint as fragment.</summary>
    public string? KeyId { get; }

    public JsonObject Jwks() => new() { ["keys"] = new JsonArray([.. published.Select(p => SigningKey.PublicJwk(p.Key, p.Id))]) };

    public string Sign(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (key is null)
        {
            throw new InvalidOperationException("No signing key: set Cem:Awards:SigningKey.");
        }

        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = KeyId };
        var signingInput = Part(header) + "." + Part(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Checks the signature against CEM's key before trusting a byte of the payload.</summary>
    public JwtCheck Check(string? jwt)
    {
        var parts = (jwt ?? "").Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || !Base64Url.IsValid(p)))
        {
            return new(false, null, null, "It is not a JWS in compact form.");
        }

        JsonObject? header;
        JsonObject? payload;
        try
        {
            header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))?.AsObject();
            payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))?.AsObject();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return new(false, null, null, "Its header or payload is not JSON.");
        }

        if (header?["alg"]?.ToJsonString() != "\"ES256\"")
        {
            return new(false, header, payload, "It names another algorithm than CEM's (ES256).");
        }

        var kid = header?["kid"] is JsonValue value && value.TryGetValue<string>(out var named) ? named : null;
        if (published.FirstOrDefault(p => p.Id == kid).Key is not { } signedWith)
        {
            return new(false, header, payload, "It was signed with a key no longer published, so it cannot be verified.");
        }

        var signature = Base64Url.DecodeFromChars(parts[2]);
        var valid = signature.Length == 64 && signedWith.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new(valid, header, payload, valid ? null : "The signature does not match: the credential was changed or not signed by CEM.");
    }

    public void Dispose()
    {
        foreach (var (_, each) in published)
        {
            each.Dispose();
        }
    }

    private static string Part(JsonObject value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value.ToJsonString()));
}
