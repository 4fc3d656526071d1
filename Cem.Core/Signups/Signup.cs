using System.Runtime.Serialization;
using Azure.Data.Tables;
using Azure;
using Cem.Core.Jurisdictions;

namespace Cem.Core.Signups;

public static class SignupStatus
{
    /// <summary>Submitted; the signer has not yet confirmed their email address.</summary>
    public const string PendingConfirmation = "pending-confirmation";

    /// <summary>Address confirmed; waiting for CEM staff.</summary>
    public const string AwaitingApproval = "awaiting-approval";

    public const string Approved = "approved";
    public const string Rejected = "rejected";

    /// <summary>Its contact asked for it to be deleted (<see cref="SignupErasure"/>); removed entirely right after.</summary>
    public const string Erased = "erased";

    /// <summary>An approved sign-up whose contact withdrew the listing and deleted their details; removed entirely right after, staff told.</summary>
    public const string Withdrawn = "withdrawn";

    public static bool IsPending(string status) => status is PendingConfirmation or AwaitingApproval;
}

/// <summary>
/// One sign-up, stored in the Signups table: PartitionKey = jurisdiction code, RowKey = ULID.
/// The same partition holds the rows that must change atomically with it (see <see cref="SignupStore"/>).
/// </summary>
public sealed class Signup : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Status { get; set; } = SignupStatus.PendingConfirmation;
    public string OrganizationName { get; set; } = "";
    public string OrganizationType { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string ContactTitle { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Phone { get; set; }

    /// <summary>The agency's city for the press release's dateline, when not the capital.</summary>
    public string? City { get; set; }

    /// <summary>The contact agreed to be printed as the press kit's media contact, with email and phone.</summary>
    public bool PublishMediaContact { get; set; }

    /// <summary>Activity keys, comma separated (Table Storage has no list type).</summary>
    public string Activities { get; set; } = "";

    /// <summary>When the fields were last submitted: the first time, or the last re-submission that replaced them.</summary>
    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? AddressConfirmedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? RejectionReason { get; set; }

    /// <summary>The last email to the signer that was refused for good (its template), so staff see it never arrived.</summary>
    public string? UndeliveredEmail { get; set; }

    public DateTimeOffset? UndeliveredAt { get; set; }

    /// <summary>
    /// How many times the pending email (confirmation or approval request) was sent again with fresh links: by staff, or
    /// because the signer submitted again while unconfirmed.
    /// </summary>
    public int ResendCount { get; set; }

    public DateTimeOffset? LastResentAt { get; set; }

    /// <summary>When the contact deleted their details (<see cref="SignupErasure"/>): name, title, address and phone are empty since.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>The address a deletion just removed, in memory only, so the deletion's side effects can end its sessions.</summary>
    [IgnoreDataMember]
    public string? ErasedEmail { get; set; }

    // Derived values: IgnoreDataMember keeps them out of the stored entity.
    [IgnoreDataMember]
    public SignupId Id => new(PartitionKey, RowKey);

    [IgnoreDataMember]
    public IReadOnlyList<string> ActivityList => Activities.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The mailer's dedupe key of the emails a re-send repeats: each re-send is a new round, so its email is sent once
    /// more, and a redelivered message of the same round still sends nothing twice.
    /// </summary>
    [IgnoreDataMember]
    public string EmailRoundKey => ResendCount == 0 ? "signup/" + Id : $"signup/{Id}/resend-{ResendCount}";

    /// <summary>When the newest confirmation link was issued: at sign-up, or at the last re-send.</summary>
    [IgnoreDataMember]
    public DateTimeOffset ConfirmationIssuedAt => LastResentAt is { } resent && resent > SubmittedAt ? resent : SubmittedAt;

    [IgnoreDataMember]
    public Jurisdictions.Jurisdiction Jurisdiction => Jurisdictions.Jurisdiction.Find(PartitionKey);
}
