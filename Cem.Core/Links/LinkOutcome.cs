using Cem.Core.Signups;

namespace Cem.Core.Links;

public enum LinkOutcome
{
    /// <summary>The link is good; nothing has changed yet (a GET preview).</summary>
    Ready,

    /// <summary>The action was carried out now.</summary>
    Done,

    /// <summary>The action had already been carried out; nothing changed.</summary>
    AlreadyDone,

    /// <summary>The sign-up is in a state where this action is not allowed (e.g. approve after reject).</summary>
    Refused,

    /// <summary>The link is valid but its sign-up no longer exists.</summary>
    NotFound,

    /// <summary>The link is malformed, tampered, expired or for another action: see <see cref="LinkActionResult.Link"/>.</summary>
    InvalidLink,
}

/// <summary>What happened when someone followed (GET) or used (POST) a signed link.</summary>
public sealed record LinkActionResult(LinkOutcome Outcome, string Message, LinkCheck Link, Signup? Signup = null)
{
    public static LinkActionResult Invalid(LinkCheck link) => new(LinkOutcome.InvalidLink, link.Explanation, link);
}
