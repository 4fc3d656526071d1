using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Email;

/// <summary>
/// Renders a template and sends it at most once per (dedupe key, template, recipient), remembered in
/// the SentEmails table: PartitionKey = <see cref="PartitionKeyFor"/>(dedupe key), RowKey =
/// <see cref="RowKeyFor"/>(template, recipient), which holds a hash, never the address.
/// </summary>
/// <remarks>
/// Order matters: check, send, then record. A crash (or a failed write) between sending and recording
/// means the queue message is retried and the email may go out twice; recording first would instead
/// risk marking as sent an email that never left. A duplicate is the lesser harm, so we never lose one.
/// Two concurrent deliveries of one message can both pass the check; the second record then meets a
/// 409 conflict, which is fine — the email was sent.
/// <para>The dedupe key is logged and stored: build it from ids (e.g. <c>signup/{id}/received</c>), never
/// from personal data.</para>
/// </remarks>
public sealed class Mailer(CemStorage storage, EmailTemplates templates, IEmailSender sender, TimeProvider time, ILogger<Mailer> logger) : IMailer
{
    public async Task<bool> SendOnceAsync(string dedupeKey, string template, string to, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupeKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);

        var table = storage.Table(StorageNames.SentEmailsTable);
        var partitionKey = PartitionKeyFor(dedupeKey);
        var rowKey = RowKeyFor(template, to);

        var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select: ["PartitionKey"], cancellationToken);
        if (existing.HasValue)
        {
            logger.LogInformation("Email {Template} for {DedupeKey} was sent before; not sending again", template, dedupeKey);
            return false;
        }

        var email = templates.Render(template, values);
        await sender.SendAsync(email.To(to), cancellationToken);

        try
        {
            await table.AddEntityAsync(
                new TableEntity(partitionKey, rowKey)
                {
                    ["Template"] = template,
                    ["SentAt"] = time.GetUtcNow(),
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A concurrent delivery of the same message sent and recorded it too.
            logger.LogWarning("Email {Template} for {DedupeKey} was recorded concurrently", template, dedupeKey);
        }

        logger.LogInformation("Email {Template} sent for {DedupeKey}", template, dedupeKey);
        return true;
    }

    /// <summary>
    /// A table-key-safe form of <paramref name="dedupeKey"/>: letters, digits and <c>-_.:=+@,</c> stay;
    /// every other character (including <c>/ \ # ?</c>, control characters and <c>~</c> itself) becomes
    /// <c>~XX</c> per UTF-8 byte, so distinct keys stay distinct. Very long keys are replaced by their SHA-256.
    /// </summary>
    public static string PartitionKeyFor(string dedupeKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(dedupeKey);
        var builder = new StringBuilder(dedupeKey.Length);
        foreach (var b in Encoding.UTF8.GetBytes(dedupeKey))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "-_.:=+@,".Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        // Keys may be up to 1 KiB; stay well inside it.
        return builder.Length <= 400 ? builder.ToString() : "sha256~" + Sha256Hex(dedupeKey);
    }

    /// <summary><c>template-{lowercase hex SHA-256 of the lower-cased address}</c>: the address itself is not stored.</summary>
    public static string RowKeyFor(string template, string recipient)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        return template + "-" + Sha256Hex(recipient.Trim().ToLowerInvariant());
    }

    private static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
