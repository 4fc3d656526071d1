using System.Security.Cryptography;
using System.Text;
using Cem.Core.Links;
using Microsoft.Extensions.Options;

namespace Cem.Core.Email;

/// <summary>
/// Keyed hashes of email addresses, for every record that must recognise an address without holding it: the
/// suppression list, the mailer's once-only records, the sign-up's (address, jurisdiction) lock. The key is
/// <c>Cem:Email:AddressHashKey</c> (or one derived from the current link key for this use only), so a stolen table
/// cannot be matched against a list of likely addresses, and rotating the link keys need not change it.
/// </summary>
public sealed class AddressHashes(IOptions<EmailOptions> options, IOptions<LinkOptions> links)
{
    // Read on first use: the options are validated at start-up.
    private readonly Lazy<byte[]> key = new(() => string.IsNullOrEmpty(options.Value.AddressHashKey)
        ? HMACSHA256.HashData(Convert.FromBase64String(links.Value.CurrentKey), "cem-email-address-hash"u8)
        : Convert.FromBase64String(options.Value.AddressHashKey));

    /// <summary>32 hex digits of HMAC-SHA256 of the trimmed, lower-cased address: the suppression list's form.</summary>
    public string Of(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes(Normalized(address))).AsSpan(0, 16));
    }

    /// <summary>64 hex digits of HMAC-SHA256 of <paramref name="purpose"/> and the address, so a hash made for one use means nothing in another.</summary>
    public string For(string purpose, string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes(purpose + "\n" + Normalized(address))));
    }

    /// <summary>
    /// 8 hex digits naming the key (an HMAC of a constant, which reveals nothing of it): stored beside hashes that are
    /// rebuilt from their records, so rows made with another key (or none) are found and made again.
    /// </summary>
    public string KeyId => Convert.ToHexStringLower(HMACSHA256.HashData(key.Value, "cem-address-hash-key-id"u8).AsSpan(0, 4));

    private static string Normalized(string address) => address.Trim().ToLowerInvariant();
}
