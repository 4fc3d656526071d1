using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace Cem.Core.Email;

/// <summary>
/// Local development: writes each email as one <c>.eml</c> file (multipart/alternative, text and
/// HTML) into the outbox folder instead of sending it. <see cref="Outbox"/> reads them back.
/// </summary>
public sealed class OutboxEmailSender(Outbox outbox, IOptions<EmailOptions> options, TimeProvider time, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var now = time.GetUtcNow();

        using var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Date = now;
        mime.MessageId = MimeUtils.GenerateMessageId(MailboxAddress.Parse(settings.FromAddress).Domain);
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();

        Directory.CreateDirectory(outbox.DirectoryPath);
        var fileName = Outbox.NewFileName(now);
        var finalPath = Path.Combine(outbox.DirectoryPath, fileName);

        // Written under a temporary name, then renamed: a reader listing *.eml never sees half a file.
        var tempPath = finalPath + ".tmp";
        try
        {
            await using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await mime.WriteToAsync(stream, cancellationToken);
            }

            File.Move(tempPath, finalPath, overwrite: false);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }

        logger.LogInformation("Email written to the outbox as {FileName}", fileName);
    }
}
