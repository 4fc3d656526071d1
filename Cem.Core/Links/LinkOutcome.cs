namespace Cem.Core.Links;

public enum LinkOutcome
{
    /// <summary>The link is good; nothing has changed yet (a GET preview).</summary>
    Ready,

    /// <summary>The action was carried out now.</summary>
    Done,

    /// <summary>The action had already been carried out; nothing changed.</summary>
    AlreadyDone,

    /// <summary>The subject is in a state where this action is not allowed (approve after reject), or the holder may no longer act.</summary>
    Refused,

    /// <summary>The link is valid but its subject no longer exists.</summary>
    NotFound,

    /// <summary>The link is malformed, tampered, expired or for another action: see <see cref="LinkActionResult{TSubject}.Link"/>.</summary>
    InvalidLink,
}

/// <summary>What happened when someone followed (GET) or used (POST) an emailed link.</summary>
/// <param name="Subject">What the link acts on, when it was found.</param>
public sealed record LinkActionResult<TSubject>(LinkOutcome Outcome, string Message, LinkCheck Link, TSubject? Subject = null)
    where TSubject : class;

/// <summary>What the person using a link may add when pressing its button: a note (a rejection's reason), a choice the page offers (what to delete).</summary>
public sealed record LinkInput(string? Note, string? Choice = null)
{
    public const int MaxNoteLength = 2000;
    public const int MaxChoiceLength = 40;

    public static LinkInput None { get; } = new((string?)null);
}

/// <summary>What the subject's current state says about the action: do it, it is done, or it cannot be done.</summary>
public sealed record LinkVerdict(LinkOutcome Outcome, string Message)
{
    public static LinkVerdict Ready(string question) => new(LinkOutcome.Ready, question);

    public static LinkVerdict AlreadyDone(string message) => new(LinkOutcome.AlreadyDone, message);

    public static LinkVerdict Refused(string message) => new(LinkOutcome.Refused, message);
}

/// <summary>A change made by an action: the name the audit trail records, the answer shown, and an optional detail (a reason).</summary>
public sealed record LinkTransition(string AuditAction, string DoneMessage, string? Detail = null);
