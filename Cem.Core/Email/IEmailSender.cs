namespace Cem.Core.Email;

/// <summary>One rendered email to one recipient.</summary>
public sealed record EmailMessage(string To, string Subject, string Html, string Text);

/// <summary>Delivers an email. Throws when delivery failed and should be tried again later.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
