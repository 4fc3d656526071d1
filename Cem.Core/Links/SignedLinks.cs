using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cem.Core.Links;

/// <summary>What a link lets its holder do, to what, until when.</summary>
/// <param name="Purpose">The one action the link is for (e.g. <c>signup-approve</c>).</param>
/// <param name="Subject">The id of the thing acted on.</param>
/// <param name="Actor">Who the link was sent to, as an opaque id (never an email address).</param>
/// <param name="Nonce">Random per link, so a used link can be recorded and refused.</param>
public sealed record LinkClaims(string Purpose, string Subject, string Actor, DateTimeOffset ExpiresAt, string Nonce);

public enum LinkStatus
{
    Valid,
    Malformed,
    Tampered,
    Expired,
    WrongPurpose,
}

public sealed record LinkCheck(LinkStatus Status, LinkClaims? Claims)
{
    public bool IsValid => Status == LinkStatus.Valid;

    /// <summary>A sentence for the person holding the link.</summary>
    public string Explanation => Status switch
    {
        LinkStatus.Valid => "The link is valid.",
        LinkStatus.Malformed => "This link is incomplete or damaged. Copy the whole link from the email and try again.",
        LinkStatus.Tampered => "This link has been altered or was not issued by CEM, so it cannot be used.",
        LinkStatus.Expired => "This link has expired. Ask CEM staff for a new one.",
        LinkStatus.WrongPurpose => "This link is for a different action.",
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>
/// Issues and checks signed links: <c>base64url(payload) "." base64url(HMAC-SHA256(key, payload))</c>,
/// payload = purpose, subject, actor, expiry, key id and a nonce. Two keys are accepted (current and
/// previous) so keys rotate without breaking links already in inboxes.
/// </summary>
public sealed class SignedLinks
{
    private const char Separator = '\n';
    private readonly TimeProvider time;
    private readonly TimeSpan lifetime;
    private readonly SigningKey current;
    private readonly SigningKey? previous;

    public SignedLinks(IOptions<LinkOptions> options, TimeProvider time)
    {
        this.time = time;
        var value = options.Value;
        lifetime = value.Lifetime;
        current = SigningKey.From(value.CurrentKey);
        previous = string.IsNullOrEmpty(value.PreviousKey) ? null : SigningKey.From(value.PreviousKey);
    }

    public TimeSpan Lifetime => lifetime;

    public string Issue(string purpose, string subject, string actor = "", TimeSpan? validFor = null)
    {
        var expires = time.GetUtcNow().Add(validFor ?? lifetime).ToUnixTimeSeconds();
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
        var payload = string.Join(Separator, purpose, subject, actor, expires.ToString(CultureInfo.InvariantCulture), current.Id, nonce);
        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url.EncodeToString(payloadBytes) + "." + Base64Url.EncodeToString(current.Sign(payloadBytes));
    }

    public LinkCheck Check(string? token, string expectedPurpose)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return new(LinkStatus.Malformed, null);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryDecode(token[..dot], out var payloadBytes) || !TryDecode(token[(dot + 1)..], out var signature))
        {
            return new(LinkStatus.Malformed, null);
        }

        // The signature is checked before anything in the payload is trusted or even parsed.
        var signedWith = current.Verifies(payloadBytes, signature) ? current : previous?.Verifies(payloadBytes, signature) == true ? previous : null;
        if (signedWith is null)
        {
            return new(LinkStatus.Tampered, null);
        }

        string[] parts;
        try
        {
            parts = new UTF8Encoding(false, true).GetString(payloadBytes).Split(Separator);
        }
        catch (DecoderFallbackException)
        {
            return new(LinkStatus.Malformed, null);
        }

        if (parts.Length != 6 || parts[4] != signedWith.Id || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return new(LinkStatus.Malformed, null);
        }

        var claims = new LinkClaims(parts[0], parts[1], parts[2], DateTimeOffset.FromUnixTimeSeconds(expires), parts[5]);
        if (claims.Purpose != expectedPurpose)
        {
            return new(LinkStatus.WrongPurpose, claims);
        }

        return time.GetUtcNow() >= claims.ExpiresAt ? new(LinkStatus.Expired, claims) : new(LinkStatus.Valid, claims);
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }

    private sealed class SigningKey
    {
        private readonly byte[] secret;

        private SigningKey(byte[] secret)
        {
            this.secret = secret;
            // The id names the key without revealing it, so a link says which key signed it.
            Id = Convert.ToHexStringLower(SHA256.HashData(secret))[..8];
        }

        public string Id { get; }

        public static SigningKey From(string base64) =>
            LinkOptions.TryDecode(base64, out var bytes) ? new SigningKey(bytes) : throw new InvalidOperationException("Invalid link signing key.");

        public byte[] Sign(byte[] payload) => HMACSHA256.HashData(secret, payload);

        public bool Verifies(byte[] payload, byte[] signature) => CryptographicOperations.FixedTimeEquals(Sign(payload), signature);
    }
}
