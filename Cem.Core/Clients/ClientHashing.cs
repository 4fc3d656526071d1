using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Cem.Core.Links;
using Microsoft.Extensions.Options;

namespace Cem.Core.Clients;

/// <summary>
/// Keyed hashes for everything about a client that must be recognised but never stored: IP
/// addresses (rate limits, anonymous voters) and voter cookies. Each use has its own derived key,
/// so a hash from one place means nothing in another.
/// </summary>
public sealed class ClientHashing
{
    private readonly byte[] key;

    public ClientHashing(IOptions<SecretOptions> secrets, IOptions<LinkOptions> links)
    {
        key = string.IsNullOrEmpty(secrets.Value.ClientHashKey)
            ? HMACSHA256.HashData(Convert.FromBase64String(links.Value.CurrentKey), "cem-client-hash"u8)
            : Convert.FromBase64String(secrets.Value.ClientHashKey);
    }

    /// <summary>A 32-hex-digit hash of <paramref name="value"/> for <paramref name="purpose"/>.</summary>
    public string Hash(string purpose, string value) => Convert.ToHexStringLower(Mac(purpose, value).AsSpan(0, 16));

    public byte[] Mac(string purpose, string value) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose + "\n" + value));

    public string MacBase64Url(string purpose, string value) => Base64Url.EncodeToString(Mac(purpose, value));

    /// <summary>
    /// The client's address: the last <c>X-Forwarded-For</c> entry when present, else the connection's;
    /// with any port removed. "unknown" when there is neither. The last entry is the one Azure's front
    /// end appends for the connection it received; earlier entries come from the client and could be
    /// forged to dodge the rate limit.
    /// </summary>
    public static string ClientAddress(string? forwardedFor, IPAddress? remote)
    {
        var nearest = forwardedFor?.Split(',')[^1].Trim();
        if (!string.IsNullOrEmpty(nearest))
        {
            if (IPAddress.TryParse(nearest, out var address) || IPEndPoint.TryParse(nearest, out var endPoint) && (address = endPoint.Address) is not null)
            {
                return Normalise(address);
            }

            return nearest.Length > 64 ? nearest[..64] : nearest;
        }

        return remote is null ? "unknown" : Normalise(remote);
    }

    private static string Normalise(IPAddress address) =>
        (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
