using System.Diagnostics.CodeAnalysis;
using Cem.Core.Jurisdictions;
using Cem.Core.Participation;

namespace Cem.Core.Comments;

/// <summary>
/// Comment threads that belong to a state: <c>state-oh</c> is Ohio's. Comments there count for the state
/// in its participation figures; comments on other threads belong to no state.
/// </summary>
public static class CommentThreads
{
    /// <summary>
    /// Threads that exist: the general page and each state's. Comments go only there, so a made-up slug is a 404,
    /// never a new page. Threads for events and programs join this list when those pages exist.
    /// </summary>
    public static bool IsKnown([NotNullWhen(true)] string? thread) =>
        thread == Threads.CemForStates || (thread is not null && TryGetState(thread, out _));

    public static string OfState(string code) => "state-" + code.ToLowerInvariant();

    public static bool TryGetState(string thread, [NotNullWhen(true)] out Jurisdiction? state)
    {
        state = null;
        return thread is { Length: 8 } && thread.StartsWith("state-", StringComparison.Ordinal) && Jurisdiction.TryFind(thread[6..], out state!);
    }

    /// <summary>Records a comment event for the state whose thread it is; other threads are not logged.</summary>
    public static Task RecordForStateAsync(this ParticipationLog log, string thread, string kind, string subjectId, CancellationToken cancellationToken, bool once = true) =>
        !TryGetState(thread, out var state)
            ? Task.CompletedTask
            : once
                ? log.RecordOnceAsync(state.Code, kind, subjectId, cancellationToken)
                : log.RecordAsync(state.Code, kind, subjectId, cancellationToken);
}
