namespace Cem.Core.Email;

/// <summary>
/// Whose data an email to a person is about: a kind a feature registers (<see cref="IDataDeletionLinks"/>, e.g.
/// <c>signup</c>, <c>comment</c>) and the id of the record. The mailer turns it into the "delete my data" link in the
/// footer of the email; it is never a template value.
/// </summary>
[Templating.NotATemplateValue]
public sealed record DataSubject(string Kind, string Id);

/// <summary>
/// An email to a person who is not staff (a signer, a state contact, a commenter). Every such email carries a signed
/// "delete my data" link in the shared footer, for <see cref="DataSubject"/>: a new email model gets the link by
/// implementing this interface, with no change to its templates.
/// </summary>
public interface IEmailToPerson : IEmail
{
    DataSubject DataSubject { get; }
}

/// <summary>An email only staff receive (approval requests, moderation, digests): it carries no "delete my data" link.</summary>
public interface IEmailToStaff : IEmail;

/// <summary>
/// Issues the "delete my data" links of one kind of <see cref="DataSubject"/>. A feature whose records hold a person's
/// data registers one; the mailer refuses to send an <see cref="IEmailToPerson"/> whose kind has none.
/// </summary>
public interface IDataDeletionLinks
{
    /// <summary>The <see cref="DataSubject.Kind"/> this issues links for.</summary>
    string Kind { get; }

    Uri LinkFor(string subjectId);
}

/// <summary>
/// An email to a person that carries no link of its own, with the reason on the model. Only the sign-in link: it goes
/// only to staff and to contacts of approved sign-ups, whose sign-up emails carry the sign-up's link, and its request
/// is deleted a day after the link expires. A test pins this list.
/// </summary>
public interface IEmailWithoutDataLink : IEmail;
