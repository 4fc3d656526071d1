namespace Cem.Core.Email;

/// <summary>
/// Renders a template and sends it at most once per (dedupe key, template, recipient), so a queue
/// message delivered twice sends one email.
/// </summary>
public interface IMailer
{
    /// <returns>true when the email was sent now; false when it had been sent before.</returns>
    Task<bool> SendOnceAsync(string dedupeKey, string to, IEmail email, CancellationToken cancellationToken);
}
