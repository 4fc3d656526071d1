using Cem.Core.Email;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Signups;

/// <summary>The "we received your sign-up, please confirm your address" email, and how every email reaches a signer.</summary>
public sealed class SignupEmails(SignupStore store, AddressConfirmation confirmation, IMailer mailer, TimeProvider time, Links.SignedLinks links, ILogger<SignupEmails> logger)
{
    public async Task SendReceivedAsync(SignupId id, CancellationToken cancellationToken)
    {
        var signup = await store.FindAsync(id, cancellationToken);
        if (signup is null || signup.Status != SignupStatus.PendingConfirmation)
        {
            logger.LogInformation("Sign-up {SignupId} needs no confirmation email (gone or already confirmed)", id);
            return;
        }

        await SendToSignerAsync(
            signup,
            new SignupReceivedEmail(
                ContactName: signup.ContactName,
                OrganizationName: signup.OrganizationName,
                JurisdictionName: signup.Jurisdiction.Name,
                ConfirmUrl: confirmation.LinkFor(id),
                ExpiresOn: Dates.Long(time.GetUtcNow() + links.Lifetime)),
            cancellationToken,
            signup.Resubmissions);
    }

    /// <summary>
    /// Sends an email to the signer once per sign-up and template. When it is refused for good the sign-up is marked
    /// (<see cref="Signup.UndeliveredEmail"/>) so staff can see the signer never got it, and the failure is rethrown.
    /// </summary>
    /// <param name="round">Which submission of the sign-up the email answers: a re-submission's confirmation is a new email.</param>
    public async Task SendToSignerAsync(Signup signup, IEmail email, CancellationToken cancellationToken, int round = 0)
    {
        ArgumentNullException.ThrowIfNull(signup);
        ArgumentNullException.ThrowIfNull(email);
        try
        {
            await mailer.SendOnceAsync("signup/" + signup.Id + (round > 0 ? "/" + round : ""), signup.Email, email, cancellationToken);
        }
        catch (EmailDeliveryException e) when (e.IsPermanent)
        {
            var template = EmailTemplates.NameOf(email.GetType());
            logger.LogWarning("Sign-up {SignupId}: email {Template} will never reach the signer; marking the sign-up", signup.Id, template);
            await store.MarkUndeliveredAsync(signup.Id, template, time.GetUtcNow(), cancellationToken);
            throw;
        }
    }
}
