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

    /// <summary>
    /// No "confirm your comment" email was sent: its address had been sent <see cref="CommentOptions.ConfirmationsPerAddress"/>
    /// already in the window, so a stranger cannot flood an inbox by posting under its address. The comment still waits
    /// for a moderator.
    /// </summary>
    public bool ConfirmationWithheld { get; set; }

    /// <summary>Held for a moderator whoever posts it (too many links, a name that reads as staff): confirming does not publish it.</summary>
    public bool Held { get; set; }

    /// <summary>A reply a signed-in staff member wrote: shown marked "CEM staff". Set only from the staff session, never from posted fields.</summary>
    public bool ByStaff { get; set; }

    /// <summary>When the author deleted their name and address (<see cref="CommentErasure"/>).</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    public int Up { get; set; }
    public int Down { get; set; }

    [IgnoreDataMember]
    public CommentId Id => new(PartitionKey, RowKey);
}

/// <summary>
/// A comment's public id, <c>cem-for-states-01JD…</c>: the thread (the partition) and the row key, so one id finds the
/// row with a point read. A comment's row key is its ULID (26 characters); a staff reply's is its parent's ULID followed
/// by its own (52), so a thread read in key order gives each comment followed by its replies.
/// </summary>
public readonly partial record struct CommentId(string Thread, string RowKey)
{
    private const int UlidLength = 26;

    /// <summary>The comment this one answers (a staff reply), or null.</summary>
    public CommentId? Parent => RowKey.Length == 2 * UlidLength ? new CommentId(Thread, RowKey[..UlidLength]) : null;

    /// <summary>The id of a reply to this comment.</summary>
    public CommentId ReplyWith(Ulid reply) => new(Thread, RowKey + reply);

    /// <summary>Whether <paramref name="rowKey"/> is a comment's or a reply's key: one or two ULIDs in canonical form.</summary>
    public static bool IsRowKey(string rowKey) =>
        rowKey.Length is UlidLength or 2 * UlidLength && IsUlid(rowKey.AsSpan(0, UlidLength)) && (rowKey.Length == UlidLength || IsUlid(rowKey.AsSpan(UlidLength)));

    public static bool TryParse([NotNullWhen(true)] string? text, out CommentId id)
    {
        id = default;
        if (text is null || text.Length > Threads.MaxLength + 1 + 2 * UlidLength)
        {
            return false;
        }

        // Threads are lowercase and ULIDs uppercase, so the hyphen before the key says how long the key is.
        foreach (var keyLength in new[] { UlidLength, 2 * UlidLength })
        {
            if (text.Length >= keyLength + 2 && text[^(keyLength + 1)] == '-')
            {
                var thread = text[..^(keyLength + 1)];
                var key = text[^keyLength..];
                if (Threads.IsValid(thread) && IsRowKey(key))
                {
                    id = new CommentId(thread, key);
                    return true;
                }
            }
        }

        return false;
    }

    public override string ToString() => Thread + "-" + RowKey;

    private static bool IsUlid(ReadOnlySpan<char> text) => Ulid.TryParse(text, out var ulid) && text.SequenceEqual(ulid.ToString());
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
