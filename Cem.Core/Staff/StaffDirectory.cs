using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cem.Core.Staff;

/// <summary>
/// The configured CEM staff addresses. A link names its staff member by an opaque id, so no
/// address travels in a URL, and the audit trail still records which address acted.
/// </summary>
public sealed class StaffDirectory(IOptions<CemOptions> options)
{
    public IReadOnlyList<string> Addresses => options.Value.StaffEmailList;

    public static string IdOf(string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant())))[..16];

    public string? AddressOf(string id) => Addresses.FirstOrDefault(a => IdOf(a) == id);

    /// <summary>Whether <paramref name="address"/> is on the staff list now (case and surrounding spaces ignored).</summary>
    public bool IsStaff(string address) =>
        Addresses.Any(a => string.Equals(a, address.Trim(), StringComparison.OrdinalIgnoreCase));
}
