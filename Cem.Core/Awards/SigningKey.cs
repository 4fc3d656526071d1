using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cem.Core.Awards;

/// <summary>
/// The ES256 (ECDSA P-256, SHA-256) key that signs credentials, read from <see cref="AwardOptions.SigningKey"/>: a
/// PKCS#8 PEM or a JWK. Its key id is the RFC 7638 thumbprint of its public JWK, so it needs no setting of its own and
/// a new key always has a new id. The keys it replaced stay published, public half only, so what they signed still
/// verifies (<see cref="TryLoadPublic"/>).
/// </summary>
public static class SigningKey
{
    public static bool TryLoad(string text, [NotNullWhen(true)] out ECDsa? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        problem = null;
        var ecdsa = ECDsa.Create();
        try
        {
            var trimmed = text.Trim();
            if (trimmed.StartsWith('{'))
            {
                var jwk = JsonNode.Parse(trimmed)!.AsObject();
                if ((string?)jwk["kty"] != "EC" || (string?)jwk["crv"] != "P-256")
                {
                    problem = "must be a P-256 (ES256) key: the JWK needs kty EC and crv P-256.";
                    ecdsa.Dispose();
                    return false;
                }

                ecdsa.ImportParameters(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = Base64Url.DecodeFromChars((string?)jwk["x"] ?? ""), Y = Base64Url.DecodeFromChars((string?)jwk["y"] ?? "") },
                    D = Base64Url.DecodeFromChars((string?)jwk["d"] ?? ""),
                });
            }
            else
            {
                // Settings often hold a PEM on one line with escaped line breaks.
                ecdsa.ImportFromPem(trimmed.Replace("\\n", "\n", StringComparison.Ordinal));
            }

            var parameters = ecdsa.ExportParameters(includePrivateParameters: true);
            if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value || parameters.D is not { Length: 32 })
            {
                problem = "must be a P-256 (ES256) private key.";
                ecdsa.Dispose();
                return false;
            }

            key = ecdsa;
            return true;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or ArgumentException or FormatException or InvalidOperationException or NullReferenceException)
        {
            problem = "is neither a PKCS#8 PEM nor a JWK of a P-256 private key.";
            ecdsa.Dispose();
            return false;
        }
    }

    /// <summary>
    /// The public keys that signed badges before the current one (<see cref="AwardOptions.PreviousSigningKeys"/>): a JWK
    /// Set, one JWK, or one or more PEM public keys; empty is none. A private key is refused: a retired key only ever
    /// verifies, so its private half has no business in the settings.
    /// </summary>
    public static bool TryLoadPublic(string? text, out List<ECDsa> keys, [NotNullWhen(false)] out string? problem)
    {
        keys = [];
        problem = null;
        var trimmed = (text ?? "").Trim();
        try
        {
            if (trimmed.StartsWith('{'))
            {
                var json = JsonNode.Parse(trimmed)!.AsObject();
                var jwks = json["keys"] is JsonArray set ? set.ToList() : [json];
                for (var i = 0; i < jwks.Count; i++)
                {
                    if (jwks[i] is not JsonObject jwk || (string?)jwk["kty"] != "EC" || (string?)jwk["crv"] != "P-256")
                    {
                        return Fail(keys, $"key {i + 1} is not a P-256 JWK (kty EC, crv P-256).", out problem);
                    }

                    if (jwk.ContainsKey("d"))
                    {
                        return Fail(keys, $"key {i + 1} is a private key: give only its public half (x and y, no d).", out problem);
                    }

                    var ecdsa = ECDsa.Create();
                    keys.Add(ecdsa);
                    ecdsa.ImportParameters(new ECParameters
                    {
                        Curve = ECCurve.NamedCurves.nistP256,
                        Q = new ECPoint { X = Base64Url.DecodeFromChars((string?)jwk["x"] ?? ""), Y = Base64Url.DecodeFromChars((string?)jwk["y"] ?? "") },
                    });
                }
            }
            else
            {
                // Settings often hold PEMs on one line with escaped line breaks.
                var pem = trimmed.Replace("\\n", "\n", StringComparison.Ordinal);
                while (pem.Trim().Length > 0)
                {
                    if (!PemEncoding.TryFind(pem, out var fields))
                    {
                        return Fail(keys, $"key {keys.Count + 1} is neither a JWK Set nor a PEM public key.", out problem);
                    }

                    if (pem[fields.Label] != "PUBLIC KEY")
                    {
                        return Fail(keys, $"key {keys.Count + 1} is a {pem[fields.Label]}: give only its public half (openssl pkey -pubout).", out problem);
                    }

                    var ecdsa = ECDsa.Create();
                    keys.Add(ecdsa);
                    var der = Convert.FromBase64String(pem[fields.Base64Data]);
                    ecdsa.ImportSubjectPublicKeyInfo(der, out var read);
                    if (read != der.Length)
                    {
                        throw new CryptographicException("Bytes after the key.");
                    }
                    pem = pem[fields.Location.End.Value..];
                }
            }
        }
        catch (Exception e) when (e is CryptographicException or JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            return Fail(keys, $"key {keys.Count} is not a P-256 public key.", out problem);
        }

        if (keys.FirstOrDefault(k => k.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value) is not null)
        {
            return Fail(keys, "holds a key that is not on P-256 (ES256).", out problem);
        }

        return true;
    }

    private static bool Fail(List<ECDsa> keys, string message, out string problem)
    {
        keys.ForEach(k => k.Dispose());
        keys.Clear();
        problem = message;
        return false;
    }

    /// <summary>The public JWK: kty, crv, x, y (what a verifier needs), with kid, use and alg.</summary>
    public static JsonObject PublicJwk(ECDsa key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url.EncodeToString(q.X),
            ["y"] = Base64Url.EncodeToString(q.Y),
            ["kid"] = keyId,
            ["use"] = "sig",
            ["alg"] = "ES256",
        };
    }

    /// <summary>RFC 7638: SHA-256 of the required members in lexicographic order, no whitespace, base64url.</summary>
    public static string Thumbprint(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64Url.EncodeToString(q.X)}\",\"y\":\"{Base64Url.EncodeToString(q.Y)}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(canonical)));
    }
}
