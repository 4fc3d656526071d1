namespace Cem.Core.Participation;

/// <summary>
/// What a participation log entry records. Kinds are open-ended strings: a feature adds its own
/// (the calendar will record <see cref="EventAdded"/>) and the rollup counts it without changes.
/// </summary>
public static class ParticipationKinds
{
    public const string SignedUp = "signed-up";
    public const string AddressConfirmed = "address-confirmed";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string CommentPosted = "comment-posted";
    public const string CommentApproved = "comment-approved";
    public const string VoteCast = "vote-cast";
    public const string PressKitCompiled = "press-kit-compiled";
    public const string PressKitDownloaded = "press-kit-downloaded";

    /// <summary>An event a state published on the calendar.</summary>
    public const string EventAdded = "event-added";

    /// <summary>A state's published event cancelled (it stays on the calendar, marked cancelled).</summary>
    public const string EventCancelled = "event-cancelled";

    /// <summary>A state published its own program (once per edition).</summary>
    public const string ProgramPublished = "program-published";

    /// <summary>A district joined a state's program (approved by the state).</summary>
    public const string DistrictJoined = "district-joined";

    /// <summary>A district left a state's program (by its contact's link, or removed by the state); it may join again.</summary>
    public const string DistrictLeft = "district-left";

    /// <summary>The kinds known today, in the order reports show them; others follow alphabetically.</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        SignedUp, AddressConfirmed, Approved, Rejected, CommentPosted, CommentApproved, VoteCast,
        PressKitCompiled, PressKitDownloaded, EventAdded, EventCancelled, ProgramPublished, DistrictJoined, DistrictLeft,
    ];

    /// <summary>The words people see for a kind; a kind added later shows as its key until it is named here.</summary>
    public static string Describe(string kind) => kind switch
    {
        SignedUp => "Sign-ups",
        AddressConfirmed => "Addresses confirmed",
        Approved => "Sign-ups approved",
        Rejected => "Sign-ups rejected",
        CommentPosted => "Comments posted",
        CommentApproved => "Comments published",
        VoteCast => "Votes",
        PressKitCompiled => "Press kits",
        PressKitDownloaded => "Press kit downloads",
        EventAdded => "Calendar events",
        EventCancelled => "Calendar events cancelled",
        ProgramPublished => "Programs published",
        DistrictJoined => "Districts joined",
        DistrictLeft => "Districts left",
        _ => kind,
    };

    /// <summary>Lowercase letters, digits and dashes, up to 40 characters: safe in keys, CSV headers and JSON.</summary>
    public static bool IsValid(string? kind) =>
        kind is { Length: > 0 and <= 40 } && kind.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
