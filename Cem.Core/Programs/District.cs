using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.Serialization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;

namespace Cem.Core.Programs;

public static class DistrictStatuses
{
    /// <summary>Asked to join; the contact has not confirmed the address yet.</summary>
    public const string Unconfirmed = "unconfirmed";

    /// <summary>Address confirmed; the state's contacts decide.</summary>
    public const string AwaitingApproval = "awaiting-approval";

    public const string Approved = "approved";
    public const string Declined = "declined";

    /// <summary>Was approved, then left (by its contact's link) or was removed by the state: listed nowhere, its LEA ID free to join again.</summary>
    public const string Left = "left";

    /// <summary>A request not approved whose contact deleted their data: the row is being deleted.</summary>
    public const string Erased = "erased";
}

/// <summary>
/// A school district (LEA) that asked to join a state's program, beside the program in its partition
/// (<c>program-{year}-{code}</c>, RowKey <c>district-{LEA ID}</c>): one row per LEA ID, so the same district cannot
/// join twice, and its confirmation and the state's decision are link actions in that partition.
/// </summary>
public sealed class District : ITableEntity
{
    public const string RowPrefix = "district-";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Code { get; set; } = "";
    public int Year { get; set; }
    public string LeaId { get; set; } = "";
    public string Name { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string ContactTitle { get; set; } = "";

    /// <summary>The district contact's address: for the confirmation and welcome emails only, never shown.</summary>
    public string Email { get; set; } = "";

    public string Status { get; set; } = DistrictStatuses.Unconfirmed;
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset? LeftAt { get; set; }

    /// <summary>When the contact deleted their name, title and address (or left, which deletes them too).</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>
    /// Names this round of joining (a ULID; empty for a request stored before rounds): a district that left and asks
    /// again gets a new one, so its contact's links, emails and log entries of an earlier round do not apply to it.
    /// </summary>
    public string JoinId { get; set; } = "";

    /// <summary>The public id, <c>{year}-{code}-{LEA ID}</c>: it names the partition and row.</summary>
    [IgnoreDataMember]
    public string Id => DistrictId.Of(Year, Code, LeaId);

    /// <summary>The district in this round, <c>{id}.{join id}</c>: what the contact's links, the mailer's keys and the log entries name.</summary>
    [IgnoreDataMember]
    public string JoinKey => JoinId.Length == 0 ? Id : Id + "." + JoinId;
}

public static partial class DistrictId
{
    public static string Of(int year, string code, string leaId) => $"{year.ToString(CultureInfo.InvariantCulture)}-{code}-{leaId}";

    public static bool TryParse(string? id, out int year, [NotNullWhen(true)] out string? code, [NotNullWhen(true)] out string? leaId)
    {
        var match = id is { Length: < 40 } ? Pattern().Match(id) : Match.Empty;
        year = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        code = match.Success ? match.Groups[2].Value : null;
        leaId = match.Success ? match.Groups[3].Value : null;
        return match.Success;
    }

    /// <summary>A <see cref="District.JoinKey"/>: the district's id, and the join id it names (empty when none).</summary>
    public static bool TryParseJoinKey(string? key, [NotNullWhen(true)] out string? id, [NotNullWhen(true)] out string? joinId)
    {
        var dot = key?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        var idPart = dot < 0 ? key : key![..dot];
        var joinPart = dot < 0 ? "" : key![(dot + 1)..];
        var ok = TryParse(idPart, out _, out _, out _) && JoinIdPattern().IsMatch(joinPart);
        id = ok ? idPart! : null;
        joinId = ok ? joinPart : null;
        return ok;
    }

    [GeneratedRegex("^([0-9]{4})-([A-Z]{2})-([0-9]{7})$")]
    private static partial Regex Pattern();

    // A ULID, or nothing for a request stored before rounds.
    [GeneratedRegex("^([0-9A-HJKMNP-TV-Z]{26})?$")]
    private static partial Regex JoinIdPattern();
}
