using System.Text.RegularExpressions;

namespace Cem.Core.Storage;

/// <summary>
/// Every storage name the app uses. Queue names must match the queue triggers in Cem.Functions,
/// which read <c>%CemStoragePrefix%-name</c>.
/// </summary>
public static partial class StorageNames
{
    /// <summary>The app setting the trigger attributes read, so queue names follow the prefix.</summary>
    public const string PrefixSetting = "CemStoragePrefix";

    public const string DefaultPrefix = "cem";

    public const string SignupsTable = "Signups";
    public const string SentEmailsTable = "SentEmails";
    public const string CommentsTable = "Comments";
    public const string CommentAuthorsTable = "CommentAuthors";
    public const string CommentGuardsTable = "CommentGuards";
    public const string ParticipationLogTable = "ParticipationLog";
    public const string StateMetricsTable = "StateMetrics";

    public const string SignupReceivedQueue = "signup-received";
    public const string SignupConfirmedQueue = "signup-confirmed";
    public const string SignupDecidedQueue = "signup-decided";
    public const string CommentReceivedQueue = "comment-received";
    public const string CommentApprovedQueue = "comment-approved";
    public const string PressKitRequestedQueue = "press-kit-requested";

    public const string PressKitsContainer = "press-kits";

    public static IReadOnlyList<string> Tables { get; } = [SignupsTable, SentEmailsTable, CommentsTable, CommentAuthorsTable, CommentGuardsTable, ParticipationLogTable, StateMetricsTable];

    public static IReadOnlyList<string> Queues { get; } = [SignupReceivedQueue, SignupConfirmedQueue, SignupDecidedQueue, PressKitRequestedQueue, CommentReceivedQueue, CommentApprovedQueue];

    public static IReadOnlyList<string> Containers { get; } = [PressKitsContainer];

    /// <summary>Lowercase letters and digits, starting with a letter: valid in table, queue and container names alike.</summary>
    public static string ValidatePrefix(string prefix) =>
        PrefixPattern().IsMatch(prefix)
            ? prefix
            : throw new ArgumentException($"Storage prefix '{prefix}' must be 1-20 lowercase letters or digits, starting with a letter.", nameof(prefix));

    public static string Table(string prefix, string name) => prefix + name;

    public static string Queue(string prefix, string name) => prefix + "-" + name;

    public static string Container(string prefix, string name) => prefix + "-" + name;

    [GeneratedRegex("^[a-z][a-z0-9]{0,19}$")]
    private static partial Regex PrefixPattern();
}
