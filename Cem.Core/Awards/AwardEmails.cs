using Cem.Core.Email;
using Cem.Core.Metrics;
using Cem.Core.Signups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Awards;

/// <summary>
/// The "award issued" email to each confirmed contact of the state (its approved sign-ups), once: the mailer sends
/// each (award, recipient) once, and the award is marked emailed when every address is done, so a run after a
/// failure sends only what is missing.
/// </summary>
public sealed class AwardEmails(SignupStore signups, AwardStore store, IMailer mailer, IOptions<CemOptions> site, IOptions<MetricsOptions> metricsOptions, TimeProvider time, ILogger<AwardEmails> logger)
{
    public async Task SendAsync(Award award, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(award);
        var level = BadgeLevels.Of(award.Level, metricsOptions.Value.Recognition);
        var contacts = (await signups.ApprovedInAsync(award.Code, cancellationToken))
            .GroupBy(s => s.Email, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        var failed = false;
        foreach (var contact in contacts)
        {
            var email = new AwardIssuedEmail(contact.ContactName, award.SubjectName, award.Year, level.Name,
                site.Value.Link(OpenBadgeCredentials.PagePath(award.Id)), site.Value.Link("/badges#" + level.Level));
            try
            {
                await mailer.SendOnceAsync("award/" + award.Id, contact.Email, email, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Another issue run tries again; a permanent failure (a suppressed address) is recorded by the mailer.
                failed |= e is not EmailDeliveryException { IsPermanent: true };
                logger.LogWarning(e, "Award email for {AwardId} not sent", award.Id);
            }
        }

        if (!failed)
        {
            award.EmailedAt = time.GetUtcNow();
            await store.TryReplaceAsync(award, cancellationToken);
        }
    }
}
