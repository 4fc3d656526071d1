namespace Cem.Core.Links;

/// <summary>
/// Who a link is sent to, and whether they may still act when they use it. The link carries an opaque
/// actor id, never an address; the rule turns it back into the name the audit trail records.
/// </summary>
public interface ILinkActor
{
    /// <summary>The id written into a link sent to <paramref name="address"/>.</summary>
    string IdFor(string? address);

    /// <summary>The audit name of the actor a link names, or null when they may no longer act.</summary>
    string? Resolve(string actorId);

    /// <summary>What a refused actor is told.</summary>
    string RefusalMessage { get; }
}

/// <summary>
/// The address the subject itself holds (a sign-up's contact): the link goes only there, so whoever holds
/// it acts as that contact. <paramref name="role"/> names them in the audit trail.
/// </summary>
public sealed class SubjectContact(string role) : ILinkActor
{
    public static SubjectContact Signer { get; } = new("signer");

    public static SubjectContact Contact { get; } = new("contact");

    /// <summary>The address a sign-in link was sent to: whoever holds the link holds the mailbox.</summary>
    public static SubjectContact Address { get; } = new("address");

    public string IdFor(string? address) => role;

    public string? Resolve(string actorId) => actorId == role ? role : null;

    public string RefusalMessage => "This link was not issued for this action.";
}
