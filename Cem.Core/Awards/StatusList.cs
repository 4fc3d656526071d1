using System.Buffers.Text;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Cem.Core.Awards;

/// <summary>
/// The revocation list (W3C Bitstring Status List v1.0): one bit per issued award at its <c>statusListIndex</c>, the
/// first index the leftmost bit of the first byte, 1 when revoked. The bitstring is 16 KiB (131,072 entries, the
/// spec's minimum, so one list cannot tell which awards were issued lately), GZIP-compressed and multibase
/// base64url-encoded (<c>u</c> prefix, no padding). It is built from the award rows on each read, so it always
/// agrees with them, and signed like the badges (a <c>BitstringStatusListCredential</c> as a VC-JWT by the same
/// issuer and key), so a verifier can tell a forged list.
/// </summary>
public static class StatusList
{
    public const int Length = 16 * 1024 * 8;

    /// <summary>How long a verifier or cache may keep the list: a revocation shows within this.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);

    public static string Encode(IEnumerable<int> revokedIndexes)
    {
        ArgumentNullException.ThrowIfNull(revokedIndexes);
        var bits = new byte[Length / 8];
        foreach (var index in revokedIndexes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
            bits[index / 8] |= (byte)(0x80 >> (index % 8));
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bits);
        }

        return "u" + Base64Url.EncodeToString(compressed.ToArray());
    }

    public static JsonObject Credential(IEnumerable<int> revokedIndexes, CemOptions site, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        var url = site.Link(OpenBadgeCredentials.StatusListPath).AbsoluteUri;
        return new JsonObject
        {
            ["@context"] = new JsonArray(OpenBadgeCredentials.VcContext),
            ["id"] = url,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = OpenBadgeCredentials.Issuer(site),
            ["validFrom"] = OpenBadgeCredentials.Timestamp(now),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = url + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = "revocation",
                ["encodedList"] = Encode(revokedIndexes),
                ["ttl"] = (long)TimeToLive.TotalMilliseconds,
            },
        };
    }
}
