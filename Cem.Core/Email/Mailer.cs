using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Storage;
using Cem.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Email;

/// <summary>
/// Renders a template and sends it at most once per (dedupe key, template, recipient), remembered in
/// the SentEmails table: PartitionKey = <see cref="TableKeys.Escape"/>(dedupe key), RowKey =
/// <see cref="RowKeyFor"/>(template, recipient), which holds a keyed hash (<see cref="AddressHashes"/>), never the address.
/// </summary>
/// <remarks>
/// Each email is claimed before it is sent: the first delivery adds a <c>sending</c> record (an
/// insert, so of two concurrent deliveries exactly one wins), sends, then marks it <c>sent</c>.
/// <list type="bullet">
/// <item>A delivery that finds <c>sent</c> does nothing.</item>
/// <item>A delivery that finds a fresh <c>sending</c> claim throws <see cref="EmailInProgressException"/>: the
/// queue retries it later, when the claim has become <c>sent</c> (or was released by a failure).</item>
/// <item>A send that failed for a transient reason releases the claim and rethrows, so the retry sends.</item>
/// <item>A send refused for good (<see cref="EmailDeliveryException.IsPermanent"/>) marks the record <c>failed</c>,
/// is recorded in <see cref="EmailFailureLog"/> and rethrown; it is never tried again.</item>
/// <item>An address in <see cref="EmailSuppressions"/> gets nothing: recorded, and a permanent failure.</item>
/// <item>A claim older than <see cref="EmailOptions.ClaimLease"/> (derived from the SendGrid retry settings: longer
/// than any one send can take) was left by a crashed worker and is taken over
/// (ETag-checked), so a crash between claiming and sending loses no email. A crash between sending and
/// marking can send twice; that is the one duplicate left, and the rarer harm.</item>
/// </list>
/// <para>The dedupe key is logged and stored: build it from ids (e.g. <c>signup/{id}</c>), never
/// from personal data.</para>
/// </remarks>
public sealed class Mailer(
    CemStorage storage,
    EmailTemplates templates,
    IEmailSender sender,
    EmailSuppressions suppressions,
    EmailFailureLog failures,
    CemMetrics metrics,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<Mailer> logger,
    IEnumerable<IDataDeletionLinks> deletionLinks,
    AddressHashes hashes) : IMailer
{
    private readonly Dictionary<string, IDataDeletionLinks> deletionLinksByKind = deletionLinks.ToDictionary(l => l.Kind, StringComparer.Ordinal);

    private const string Sending = "sending";
    private const string Sent = "sent";
    private const string Failed = "failed";

    public async Task<bool> SendOnceAsync(string dedupeKey, string to, IEmail email, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupeKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        ArgumentNullException.ThrowIfNull(email);

        // Render first: a template error must not leave a claim behind.
        var rendered = templates.Render(email, DeleteDataUrl(email));
        var template = rendered.Template;

        if (await suppressions.IsSuppressedAsync(to, cancellationToken))
        {
            logger.LogWarning("Email {Template} for {DedupeKey} not sent: the address is suppressed", template, dedupeKey);
            await failures.RecordAsync(new EmailFailure(EmailFailureKinds.Suppressed, template, dedupeKey, null, "The address is suppressed after a bounce, drop or spam report.", suppressions.HashOf(to)), cancellationToken);
            throw new EmailDeliveryException("The address is suppressed after a bounce, drop or spam report.", statusCode: null, isPermanent: true);
        }

        var table = storage.Table(StorageNames.SentEmailsTable);
        var claim = await ClaimAsync(table, TableKeys.Escape(dedupeKey), RowKeyFor(template, to), LegacyRowKeyFor(template, to), template, cancellationToken);
        if (claim is null)
        {
            logger.LogInformation("Email {Template} for {DedupeKey} was sent before; not sending again", template, dedupeKey);
            return false;
        }

        try
        {
            await sender.SendAsync(rendered.To(to), cancellationToken);
        }
        catch (EmailDeliveryException e) when (e.IsPermanent)
        {
            logger.LogError("Email {Template} for {DedupeKey} refused for good ({StatusCode}); not retrying", template, dedupeKey, (int?)e.StatusCode);
            claim["Status"] = Failed;
            claim["StatusCode"] = (int?)e.StatusCode;
            await table.UpdateEntityAsync(claim, ETag.All, TableUpdateMode.Replace, CancellationToken.None);
            await failures.RecordAsync(new EmailFailure(EmailFailureKinds.Rejected, template, dedupeKey, (int?)e.StatusCode, e.Message, suppressions.HashOf(to)), CancellationToken.None);
            throw;
        }
        catch
        {
            await ReleaseAsync(table, claim);
            throw;
        }

        claim["Status"] = Sent;
        claim["SentAt"] = time.GetUtcNow();
        await MarkSentAsync(table, claim);
        metrics.EmailSent(template);
        logger.LogInformation("Email {Template} sent for {DedupeKey}", template, dedupeKey);
        return true;
    }

    /// <summary>The "delete my data" link of an email to a person; null for an email to staff.</summary>
    /// <exception cref="InvalidOperationException">An email to a person whose kind of data no feature can delete.</exception>
    private Uri? DeleteDataUrl(IEmail email) => email switch
    {
        IEmailToPerson person when deletionLinksByKind.TryGetValue(person.DataSubject.Kind, out var links) => links.LinkFor(person.DataSubject.Id),
        IEmailToPerson person => throw new InvalidOperationException($"{email.GetType().Name} is about '{person.DataSubject.Kind}' data, which has no delete-my-data link: register an {nameof(IDataDeletionLinks)} for it."),
        _ => null,
    };

    /// <summary>
    /// Marks the claim sent. The email is out, so a storage outage here is waited out (for up to half the claim
    /// lease) rather than given up: a claim left <c>sending</c> would be taken over after the lease and the email
    /// sent a second time.
    /// </summary>
    private async Task MarkSentAsync(TableClient table, TableEntity claim)
    {
        var started = time.GetUtcNow();
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await table.UpdateEntityAsync(claim, ETag.All, TableUpdateMode.Replace, CancellationToken.None);
                return;
            }
            catch (Exception e) when (StorageFailures.IsUnreachable(e) && time.GetUtcNow() - started < options.Value.ClaimLease / 2)
            {
                logger.LogWarning("Email {Template} was sent but storage is unreachable; marking it sent again in {Delay}", claim.GetString("Template"), delay);
                await Task.Delay(delay, time);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    /// <returns>The claim to send under, or null when the email was already sent.</returns>
    /// <param name="legacyRowKey">Where a record written before the keyed hash would be: one marked sent there counts as sent.</param>
    private async Task<TableEntity?> ClaimAsync(TableClient table, string partitionKey, string rowKey, string legacyRowKey, string template, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(partitionKey, rowKey) { ["Template"] = template, ["Status"] = Sending, ["ClaimedAt"] = time.GetUtcNow() };
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        try
        {
            if (!existing.HasValue)
            {
                var legacy = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, legacyRowKey, cancellationToken: cancellationToken);
                if (legacy.HasValue && legacy.Value!.GetString("Status") is null or Sent)
                {
                    return null;
                }

                var added = await table.AddEntityAsync(claim, cancellationToken);
                claim.ETag = added.Headers.ETag ?? ETag.All;
                return claim;
            }

            var record = existing.Value!;
            // Records written before claims existed have no Status: they mean "sent".
            if (record.GetString("Status") is null or Sent)
            {
                return null;
            }

            if (record.GetString("Status") == Failed)
            {
                throw new EmailDeliveryException("This email was refused for good before; it is not tried again.", (System.Net.HttpStatusCode?)record.GetInt32("StatusCode"), isPermanent: true);
            }

            if (time.GetUtcNow() - (record.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue) < options.Value.ClaimLease)
            {
                throw new EmailInProgressException(template);
            }

            var taken = await table.UpdateEntityAsync(claim, record.ETag, TableUpdateMode.Replace, cancellationToken);
            claim.ETag = taken.Headers.ETag ?? ETag.All;
            return claim;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new EmailInProgressException(template);
        }
    }

    private async Task ReleaseAsync(TableClient table, TableEntity claim)
    {
        try
        {
            await table.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, claim.ETag, CancellationToken.None);
        }
        catch (RequestFailedException e)
        {
            // The lease expires anyway; a later delivery takes the claim over.
            logger.LogWarning(e, "Could not release the claim on email {Template}", claim.GetString("Template"));
        }
    }

    /// <summary><c>template-{keyed hash of the address}</c> (<see cref="AddressHashes.For"/>): the address itself is not stored, nor a hash anyone without the key could match.</summary>
    public string RowKeyFor(string template, string recipient)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        return template + "-" + hashes.For("sent-email", recipient);
    }

    /// <summary>
    /// The row key of records written before the keyed hash (a plain SHA-256), read so that an email sent just before
    /// the change is not sent again; such records are deleted with the rest after their horizon (<c>Retention</c>).
    /// </summary>
    private static string LegacyRowKeyFor(string template, string recipient) =>
        template + "-" + Sha256Hex(recipient.Trim().ToLowerInvariant());

    private static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
