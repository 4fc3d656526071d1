using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Cem.Core.Jurisdictions;

namespace Cem.Core.Signups;

/// <summary>
/// A sign-up's public id, <c>OH-01JD…</c>: the jurisdiction (the table partition) and a ULID (the row,
/// sortable by time and unguessable), so one id finds the row without a scan.
/// </summary>
public readonly record struct SignupId(string Jurisdiction, string RowKey)
{
    /// <summary>
    /// A new id whose 80 random bits come from the operating system's cryptographic generator: the id is what lets
    /// anyone read a sign-up's status, and the Ulid package's own generator (XorShift) is predictable.
    /// </summary>
    public static SignupId New(Jurisdiction jurisdiction, TimeProvider time) =>
        new(jurisdiction.Code, Ulid.NewUlid(time.GetUtcNow(), RandomNumberGenerator.GetBytes(10)).ToString());

    public static bool TryParse([NotNullWhen(true)] string? text, out SignupId id)
    {
        id = default;
        if (text is not { Length: 29 } || text[2] != '-' || !Jurisdictions.Jurisdiction.TryFind(text[..2], out var jurisdiction)
            || !Ulid.TryParse(text.AsSpan(3), out var ulid))
        {
            return false;
        }

        id = new SignupId(jurisdiction.Code, ulid.ToString());
        return true;
    }

    /// <summary>The table keys of the sign-up <paramref name="text"/> names, for code that reads rows directly.</summary>
    public static bool TryLocate(string? text, out string partitionKey, out string rowKey)
    {
        var parsed = TryParse(text, out var id);
        (partitionKey, rowKey) = (id.Jurisdiction ?? "", id.RowKey ?? "");
        return parsed;
    }

    public override string ToString() => Jurisdiction + "-" + RowKey;
}
