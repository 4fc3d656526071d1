using Cem.Core.Email;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Signups;

/// <summary>The "we received your sign-up, please confirm your address" email.</summary>
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

        await mailer.SendOnceAsync(
            "signup/" + id,
            signup.Email,
            new SignupReceivedEmail(
                ContactName: signup.ContactName,
                OrganizationName: signup.OrganizationName,
                JurisdictionName: signup.Jurisdiction.Name,
                ConfirmUrl: confirmation.LinkFor(id),
                ExpiresOn: Dates.Long(time.GetUtcNow() + links.Lifetime)),
            cancellationToken);
    }
}
