using Cem.Core.Email;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Signups;

/// <summary>The "we received your sign-up, please confirm your address" email, and how every email reaches a signer.</summary>
public sealed class SignupEmails(SignupStore store, AddressConfirmation confirmation, IMailer mailer, TimeProvider time, ILogger<SignupEmails> logger)
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
                ConfirmUrl: confirmation.LinkFor(signup),
                ExpiresOn: Dates.Long(confirmation.ExpiresAt(signup)),
                DataSubject: SignupErasure.SubjectOf(signup)),
            cancellationToken,
            signup.EmailRoundKey);
    }

    /// <summary>
    /// Sends an email to the signer once per sign-up and template. When it is refused for good the sign-up is marked
    /// (<see cref="Signup.UndeliveredEmail"/>) so staff can see the signer never got it, and the failure is rethrown.
    /// </summary>
    /// <param name="dedupeKey">The mailer's key; <c>signup/{id}</c> unless the email is one a re-send repeats (<see cref="Signup.EmailRoundKey"/>).</param>
    public async Task SendToSignerAsync(Signup signup, IEmail email, CancellationToken cancellationToken, string? dedupeKey = null)
    {
        ArgumentNullException.ThrowIfNull(signup);
        ArgumentNullException.ThrowIfNull(email);
        if (signup.ErasedAt is not null)
        {
            logger.LogInformation("Sign-up {SignupId}: its contact deleted their details; no email", signup.Id);
            return;
        }

        try
        {
            await mailer.SendOnceAsync(dedupeKey ?? "signup/" + signup.Id, signup.Email, email, cancellationToken);
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
