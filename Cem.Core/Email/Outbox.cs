using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Cem.Core.Email;

/// <summary>An email in the outbox, as listed.</summary>
public sealed record OutboxEntry(string FileName, string Subject, string To, DateTimeOffset Date);

/// <summary>An email in the outbox, read in full.</summary>
public sealed record OutboxMessage(string FileName, string Subject, string From, string To, DateTimeOffset Date, string? Html, string? Text);

/// <summary>
/// Reads the local outbox that <see cref="OutboxEmailSender"/> writes: one <c>.eml</c> per email,
/// named <c>yyyyMMddTHHmmssZ-{time-ordered guid}.eml</c>, so names sort by time.
/// </summary>
/// <remarks>
/// A page that shows <see cref="OutboxMessage.Html"/> should put it in a sandboxed iframe
/// (<c>&lt;iframe sandbox srcdoc="…"&gt;</c>): it is a whole HTML document.
/// </remarks>
public sealed partial class Outbox(IOptions<EmailOptions> options)
{
    /// <summary>The outbox folder, absolute.</summary>
    public string DirectoryPath { get; } = OutboxLocation.Resolve(options.Value.OutboxPath);

    /// <summary>A new, unique file name that sorts by <paramref name="now"/>.</summary>
    public static string NewFileName(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.CreateVersion7(now).ToString("N") + ".eml";

    /// <summary>True for names that <see cref="NewFileName"/> makes; anything else (paths, "..") is refused.</summary>
    public static bool IsValidFileName(string? fileName) => fileName is not null && FileNamePattern().IsMatch(fileName);

    /// <summary>The newest emails first.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (!Directory.Exists(DirectoryPath))
        {
            return [];
        }

        var names = Directory.EnumerateFiles(DirectoryPath, "*.eml")
            .Select(Path.GetFileName)
            .Where(IsValidFileName)
            .OrderDescending(StringComparer.Ordinal)
            .Take(max)
            .ToList();

        var entries = new List<OutboxEntry>(names.Count);
        foreach (var name in names)
        {
            using var message = await LoadAsync(name!, cancellationToken);
            if (message is not null)
            {
                entries.Add(new OutboxEntry(name!, message.Subject ?? "", Addresses(message.To), message.Date));
            }
        }

        return entries;
    }

    /// <summary>One email's parts, or null when there is no such file.</summary>
    public async Task<OutboxMessage?> ReadAsync(string fileName, CancellationToken cancellationToken)
    {
        using var message = await LoadAsync(fileName, cancellationToken);
        return message is null
            ? null
            : new OutboxMessage(fileName, message.Subject ?? "", Addresses(message.From), Addresses(message.To), message.Date, message.HtmlBody, message.TextBody);
    }

    /// <summary>The full path of an outbox file (e.g. to offer the raw .eml), or null when there is no such file.</summary>
    public string? PathOf(string fileName)
    {
        if (!IsValidFileName(fileName))
        {
            return null;
        }

        var path = Path.Combine(DirectoryPath, fileName);
        return File.Exists(path) ? path : null;
    }

    private async Task<MimeMessage?> LoadAsync(string fileName, CancellationToken cancellationToken)
    {
        var path = PathOf(fileName);
        if (path is null)
        {
            return null;
        }

        try
        {
            return await MimeMessage.LoadAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null; // deleted between listing and reading
        }
    }

    private static string Addresses(InternetAddressList list) => string.Join(", ", list.Mailboxes.Select(m => m.Address));

    [GeneratedRegex(@"^\d{8}T\d{6}Z-[0-9a-f]{32}\.eml$")]
    private static partial Regex FileNamePattern();
}
