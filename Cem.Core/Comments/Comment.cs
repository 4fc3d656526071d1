using System.Diagnostics.CodeAnalysis;
using System.Runtime.Serialization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;

namespace Cem.Core.Comments;

public static class CommentStatus
{
    /// <summary>Waiting for a moderator.</summary>
    public const string Pending = "pending";

    /// <summary>Published.</summary>
    public const string Approved = "approved";

    /// <summary>Marked as spam: never published, kept for reference.</summary>
    public const string Spam = "spam";

    /// <summary>Removed by a moderator; the text and the author's details are erased.</summary>
    public const string Deleted = "deleted";
}

/// <summary>
/// One comment in the Comments table: PartitionKey = thread, RowKey = ULID (so a thread reads oldest
/// first). The same partition holds the comment's vote rows (see <see cref="CommentStore"/>).
/// </summary>
public sealed class Comment : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Status { get; set; } = CommentStatus.Pending;
    public string Name { get; set; } = "";

    /// <summary>Never published; used to tell the author when the comment is approved.</summary>
    public string Email { get; set; } = "";

    public string? Website { get; set; }
    public string Body { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ModeratedAt { get; set; }

    /// <summary>Why the comment was held or published at once (e.g. "too many links", "known author").</summary>
    public string? ModerationNote { get; set; }

    /// <summary>
    /// The keyed hash of the author's address (<see cref="CommentAuthors.KeyOf"/>): which author's trust approving,
    /// spamming or deleting the comment changes. Kept when the comment is deleted, so the deletion still counts.
    /// </summary>
    public string? AuthorKey { get; set; }

    /// <summary>When the poster proved the address: with the author cookie, or by the emailed confirm link.</summary>
    public DateTimeOffset? AuthorConfirmedAt { get; set; }

    /// <summary>Held for a moderator whoever posts it (too many links, a name that reads as staff): confirming does not publish it.</summary>
    public bool Held { get; set; }

    /// <summary>A reply a signed-in staff member wrote: shown marked "CEM staff". Set only from the staff session, never from posted fields.</summary>
    public bool ByStaff { get; set; }

    public int Up { get; set; }
    public int Down { get; set; }

    [IgnoreDataMember]
    public CommentId Id => new(PartitionKey, RowKey);
}

/// <summary>
/// A comment's public id, <c>cem-for-states-01JD…</c>: the thread (the partition) and the ULID (the
/// row), so one id finds the row with a point read. The ULID is the last 26 characters.
/// </summary>
public readonly partial record struct CommentId(string Thread, string RowKey)
{
    private const int UlidLength = 26;

    public static bool TryParse([NotNullWhen(true)] string? text, out CommentId id)
    {
        id = default;
        if (text is null || text.Length < UlidLength + 2 || text.Length > Threads.MaxLength + 1 + UlidLength || text[^(UlidLength + 1)] != '-')
        {
            return false;
        }

        var thread = text[..^(UlidLength + 1)];
        if (!Threads.IsValid(thread) || !Ulid.TryParse(text.AsSpan(text.Length - UlidLength), out var ulid) || ulid.ToString() != text[^UlidLength..])
        {
            return false;
        }

        id = new CommentId(thread, ulid.ToString());
        return true;
    }

    public override string ToString() => Thread + "-" + RowKey;
}

/// <summary>A page's comment thread is named by a slug such as <c>cem-for-states</c>.</summary>
public static partial class Threads
{
    public const string CemForStates = "cem-for-states";
    public const int MaxLength = 64;

    /// <summary>Lowercase letters, digits and inner hyphens: safe as a partition key, in a URL and in a table filter.</summary>
    public static bool IsValid([NotNullWhen(true)] string? thread) => thread is not null && Pattern().IsMatch(thread);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex Pattern();
}
