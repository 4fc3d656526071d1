using Cem.Core.Email;
using Cem.Core.Metrics;
using Cem.Core.Programs;
using Cem.Core.Signups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Awards;

/// <summary>
/// The "award issued" email to each confirmed contact of the state (its approved sign-ups) and, for a district's award,
/// to the district's contact unless they deleted their data, once: the mailer sends
/// each (award, recipient) once, and the award is marked emailed when every address is done, so a run after a
/// failure sends only what is missing.
/// </summary>
public sealed class AwardEmails(SignupStore signups, DistrictContacts districts, AwardStore store, IMailer mailer, IOptions<CemOptions> site, EditionRecognition recognition, TimeProvider time, ILogger<AwardEmails> logger)
{
    public async Task SendAsync(Award award, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(award);
        var level = BadgeLevels.Of(award.Level, await recognition.OfYearAsync(award.Year, cancellationToken));
        var contacts = (await signups.ApprovedInAsync(award.Code, cancellationToken)).Select(s => (Name: s.ContactName, s.Email)).ToList();
        if (award.LeaId.Length > 0
            && await districts.FindAsync(DistrictId.Of(award.Year, award.Code, award.LeaId), cancellationToken) is { Status: DistrictStatuses.Approved, ErasedAt: null, Email.Length: > 0 } district)
        {
            contacts.Insert(0, (district.ContactName, district.Email));
        }

        var failed = false;
        foreach (var contact in contacts.DistinctBy(c => c.Email, StringComparer.OrdinalIgnoreCase))
        {
            var email = new AwardIssuedEmail(contact.Name, award.SubjectName, award.Year, level.Name,
                site.Value.Link(OpenBadgeCredentials.PagePath(award.Id)), site.Value.Link(OpenBadgeCredentials.CriteriaPath(award.Year, level.Level)));
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
