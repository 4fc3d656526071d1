using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;

namespace Cem.Core.Awards;

public static class AwardStatus
{
    /// <summary>Computed from the figures; staff may hold it during the review window; updated while unissued.</summary>
    public const string Proposed = "proposed";

    /// <summary>Staff stopped it, with a reason: never issued until released.</summary>
    public const string Held = "held";

    /// <summary>Signed and public; its level no longer changes.</summary>
    public const string Issued = "issued";

    /// <summary>Issued, then withdrawn: its bit in the status list is set.</summary>
    public const string Revoked = "revoked";

    public static bool IsPublic(string status) => status is Issued or Revoked;
}

/// <summary>
/// Who an award is for. A state's award is <c>{year}-{CODE}</c> and its subject the state's public CEM page; a
/// participating district's is <c>{year}-{CODE}-{LEA ID}</c> (the district's own id), its subject a fragment of that page.
/// </summary>
public static partial class AwardSubjects
{
    public const string State = "state";
    public const string District = "district";
}

/// <summary>
/// An award's id, <c>{year}-{CODE}</c> or <c>{year}-{CODE}-{LEA ID}</c>: one per state or district per year, so
/// proposing again finds the same row.
/// </summary>
public readonly partial record struct AwardId(int Year, string Code, string LeaId = "")
{
    public override string ToString() => Year.ToString(CultureInfo.InvariantCulture) + "-" + Code + (LeaId.Length == 0 ? "" : "-" + LeaId);

    public static bool TryParse([NotNullWhen(true)] string? value, out AwardId id)
    {
        id = default;
        var match = value is { Length: <= 16 } ? Pattern().Match(value) : Match.Empty;
        if (!match.Success || !Jurisdictions.Jurisdiction.TryFind(match.Groups[2].Value, out _))
        {
            return false;
        }

        id = new AwardId(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, match.Groups[3].Value);
        return true;
    }

    [GeneratedRegex("^(2[0-9]{3})-([A-Z]{2})(?:-([0-9]{7}))?$")]
    private static partial Regex Pattern();
}

/// <summary>An award as stored: PartitionKey "awards", RowKey the award id; the status-list counter beside them.</summary>
public sealed class Award : ITableEntity
{
    public string PartitionKey { get; set; } = AwardStore.Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int Year { get; set; }
    public string SubjectKind { get; set; } = AwardSubjects.State;

    /// <summary>The state's code (a district's state, for a district's award).</summary>
    public string Code { get; set; } = "";

    /// <summary>A district's LEA ID; empty for a state's award.</summary>
    public string LeaId { get; set; } = "";

    public string SubjectName { get; set; } = "";
    public string Level { get; set; } = "";
    public string Status { get; set; } = AwardStatus.Proposed;

    /// <summary>When the current level was proposed: the review window runs from here.</summary>
    public DateTimeOffset ProposedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public string? HeldBy { get; set; }
    public string? HoldReason { get; set; }
    public DateTimeOffset? HeldAt { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }

    /// <summary>The award's bit in the revocation status list, given at issue.</summary>
    public int? StatusIndex { get; set; }

    /// <summary>The credential as issued (JSON) and its VC-JWT: kept exactly as signed.</summary>
    public string? Credential { get; set; }

    public string? Jwt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }

    /// <summary>When every contact of the state (and the district's, for a district's award) had the "award issued" email.</summary>
    public DateTimeOffset? EmailedAt { get; set; }

    public string Id => RowKey;
}
