using System.Text.RegularExpressions;

namespace Cem.Core.Storage;

/// <summary>
/// Every storage name the app uses. Queue triggers in Cem.Functions name their queue with the
/// <c>…Trigger</c> constants (<c>%CemStoragePrefix%-name</c>), so the two cannot drift apart.
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
    public const string SessionsTable = "Sessions";
    public const string EditionsTable = "Editions";
    public const string EventsTable = "Events";
    public const string AwardsTable = "Awards";
    public const string PendingMessagesTable = "PendingMessages";
    public const string EventRemindersTable = "EventReminders";

    public const string SignupReceivedQueue = "signup-received";
    public const string SignupConfirmedQueue = "signup-confirmed";
    public const string SignupDecidedQueue = "signup-decided";
    public const string CommentReceivedQueue = "comment-received";
    public const string CommentApprovedQueue = "comment-approved";
    public const string PressKitRequestedQueue = "press-kit-requested";
    public const string SignInRequestedQueue = "sign-in-requested";
    public const string EventSuggestedQueue = "event-suggested";
    public const string EventSuggestionConfirmedQueue = "event-suggestion-confirmed";
    public const string EventSuggestionDecidedQueue = "event-suggestion-decided";
    public const string EventChangedQueue = "event-changed";
    public const string EventRemindersQueue = "event-reminders";
    public const string DistrictChangedQueue = "district-changed";

    public const string PressKitsContainer = "press-kits";

    // What queue triggers name: the setting resolves the prefix when the host binds the trigger.
    private const string PrefixedBy = "%" + PrefixSetting + "%-";
    public const string SignupReceivedTrigger = PrefixedBy + SignupReceivedQueue;
    public const string SignupConfirmedTrigger = PrefixedBy + SignupConfirmedQueue;
    public const string SignupDecidedTrigger = PrefixedBy + SignupDecidedQueue;
    public const string CommentReceivedTrigger = PrefixedBy + CommentReceivedQueue;
    public const string CommentApprovedTrigger = PrefixedBy + CommentApprovedQueue;
    public const string PressKitRequestedTrigger = PrefixedBy + PressKitRequestedQueue;
    public const string SignInRequestedTrigger = PrefixedBy + SignInRequestedQueue;
    public const string EventSuggestedTrigger = PrefixedBy + EventSuggestedQueue;
    public const string EventSuggestionConfirmedTrigger = PrefixedBy + EventSuggestionConfirmedQueue;
    public const string EventSuggestionDecidedTrigger = PrefixedBy + EventSuggestionDecidedQueue;
    public const string EventChangedTrigger = PrefixedBy + EventChangedQueue;
    public const string EventRemindersTrigger = PrefixedBy + EventRemindersQueue;
    public const string DistrictChangedTrigger = PrefixedBy + DistrictChangedQueue;

    public static IReadOnlyList<string> Tables { get; } = [SignupsTable, SentEmailsTable, CommentsTable, CommentAuthorsTable, CommentGuardsTable, ParticipationLogTable, StateMetricsTable, SessionsTable, EditionsTable, EventsTable, AwardsTable, PendingMessagesTable, EventRemindersTable];

    public static IReadOnlyList<string> Queues { get; } = [SignupReceivedQueue, SignupConfirmedQueue, SignupDecidedQueue, PressKitRequestedQueue, CommentReceivedQueue, CommentApprovedQueue, SignInRequestedQueue, EventSuggestedQueue, EventSuggestionConfirmedQueue, EventSuggestionDecidedQueue, EventChangedQueue, EventRemindersQueue, DistrictChangedQueue];

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
