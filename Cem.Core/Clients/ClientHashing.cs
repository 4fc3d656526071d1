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
    /// The client's address as a rate-limit bucket: the connection's address, which the worker's forwarded-headers
    /// middleware has set from the entry Azure's front end appended to <c>X-Forwarded-For</c> (the header itself holds
    /// only what the client sent, so it is never read). IPv4-mapped addresses are plain IPv4; an IPv6 address stands for
    /// its /64, because one subscriber usually holds a whole /64. "unknown" when there is none.
    /// </summary>
    public static string ClientAddress(IPAddress? remote)
    {
        if (remote is null)
        {
            return "unknown";
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            return remote.MapToIPv4().ToString();
        }

        if (remote.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return remote.ToString();
        }

        var bytes = remote.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
