using System.Security.Cryptography;
using System.Text;
using Cem.Core.Email;
using Microsoft.Extensions.Options;

namespace Cem.Core.Staff;

/// <summary>
/// The configured CEM staff addresses, and the opaque ids by which emailed links name the person they were sent to
/// (staff, or a state's contact), so no address travels in a URL and the audit trail still records which address acted.
/// </summary>
public sealed class StaffDirectory(IOptions<CemOptions> options, AddressHashes hashes)
{
    public IReadOnlyList<string> Addresses => options.Value.StaffEmailList;

    /// <summary>
    /// The id a link carries for <paramref name="address"/>: a keyed hash (<see cref="AddressHashes"/>), so someone who
    /// sees a link (forwarded, in a proxy log) cannot test it against a list of likely addresses, as they could a plain hash.
    /// </summary>
    public string IdOf(string address) => hashes.For("link-actor", address)[..32];

    /// <summary>Whether <paramref name="id"/>, taken from a link, names <paramref name="address"/>.</summary>
    /// <remarks>
    /// Links issued before the id was keyed carry <see cref="UnkeyedIdOf"/>, and they keep working until they expire
    /// rather than going dead in inboxes (a pending approval request would otherwise need re-sending by hand): they are
    /// signed, so only ids actually issued are accepted, and none are issued any more, so the last of them ends with the
    /// longest link lifetime (60 days, the delete-my-data links) after the keyed id shipped; then this fallback can go.
    /// </remarks>
    public bool Names(string id, string address) =>
        string.Equals(id, IdOf(address), StringComparison.Ordinal) || string.Equals(id, UnkeyedIdOf(address), StringComparison.Ordinal);

    public string? AddressOf(string id) => Addresses.FirstOrDefault(a => Names(id, a));

    /// <summary>Whether <paramref name="address"/> is on the staff list now (case and surrounding spaces ignored).</summary>
    public bool IsStaff(string address) =>
        Addresses.Any(a => string.Equals(a, address.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The id links carried before it was keyed: 16 hex digits of plain SHA-256 of the address. Read, never issued.</summary>
    private static string UnkeyedIdOf(string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant())))[..16];
}
