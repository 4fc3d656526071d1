using Cem.Core.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Cem.Tests.Email;

public sealed class OutboxTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "cem-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 18, 15, 0, TimeSpan.Zero));
    private readonly IOptions<EmailOptions> options;
    private readonly Outbox outbox;
    private readonly OutboxEmailSender sender;

    public OutboxTests()
    {
        options = Options.Create(new EmailOptions { OutboxPath = folder, FromAddress = "cem@example.org", FromName = "Connected Educator Month" });
        outbox = new Outbox(options);
        sender = new OutboxEmailSender(outbox, options, time, NullLogger<OutboxEmailSender>.Instance);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Sending_writes_one_parseable_eml_with_text_and_html_parts()
    {
        await sender.SendAsync(new EmailMessage("ada@example.org", "Hello Ohio", "<p>Hi <b>there</b></p>", "Hi there https://x.example/a"), CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.Matches(@"^20261128T181500Z-[0-9a-f]{32}\.eml$", Path.GetFileName(file));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));

        using var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("Hello Ohio", message.Subject);
        Assert.Equal("ada@example.org", Assert.Single(message.To.Mailboxes).Address);
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal("cem@example.org", from.Address);
        Assert.Equal("Connected Educator Month", from.Name);
        Assert.Equal(time.GetUtcNow(), message.Date);
        Assert.EndsWith("@example.org", message.MessageId, StringComparison.Ordinal);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(2, alternative.Count);
        Assert.Equal("Hi there https://x.example/a", message.TextBody?.TrimEnd());
        Assert.Equal("<p>Hi <b>there</b></p>", message.HtmlBody?.TrimEnd());
    }

    [Fact]
    public async Task The_outbox_lists_messages_newest_first_and_reads_one()
    {
        await sender.SendAsync(new EmailMessage("first@example.org", "First", "<p>1</p>", "1"), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await sender.SendAsync(new EmailMessage("second@example.org", "Second", "<p>2</p>", "2"), CancellationToken.None);

        var entries = await outbox.ListAsync(50, CancellationToken.None);

        Assert.Equal(["Second", "First"], entries.Select(e => e.Subject));
        Assert.Equal("second@example.org", entries[0].To);
        Assert.Equal(time.GetUtcNow(), entries[0].Date);

        var message = await outbox.ReadAsync(entries[1].FileName, CancellationToken.None);
        Assert.NotNull(message);
        Assert.Equal("First", message.Subject);
        Assert.Equal("cem@example.org", message.From);
        Assert.Equal("<p>1</p>", message.Html?.TrimEnd());
        Assert.Equal("1", message.Text?.TrimEnd());
    }

    [Theory]
    [InlineData("../secrets.eml")]
    [InlineData("20261128T181500Z-00000000000000000000000000000000.eml")]
    [InlineData("notes.txt")]
    public async Task Reading_a_name_that_is_not_an_outbox_message_finds_nothing(string fileName)
    {
        Assert.Null(await outbox.ReadAsync(fileName, CancellationToken.None));
        Assert.Null(outbox.PathOf(fileName));
    }

    [Fact]
    public void A_relative_outbox_path_resolves_against_the_current_directory_and_an_absolute_one_is_kept()
    {
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), ".local", "outbox"), OutboxLocation.Resolve(".local/outbox"));
        Assert.Equal(folder, OutboxLocation.Resolve(folder));
        Assert.Equal(folder, outbox.DirectoryPath);
    }
}
