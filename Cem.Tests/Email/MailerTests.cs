using Azure.Data.Tables;
using Cem.Core;
using Cem.Core.Email;
using Cem.Core.Storage;
using Cem.Core.Telemetry;
using Cem.Core.Templating;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Cem.Core.Links;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Email;

/// <summary>The send-once Mailer against a real Azurite; only the final delivery is recorded in memory.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MailerTests(AzuriteFixture azurite)
{
    private readonly RecordingEmailSender sender = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 18, 15, 0, TimeSpan.Zero));

    private readonly EmailOptions options = new();

    private EmailSuppressions? suppressions;
    private EmailFailureLog? failures;

    private async Task<(Mailer Mailer, CemStorage Storage)> CreateAsync()
    {
        var storage = StorageClients.Create(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageClients.ConnectionName] = azurite.ConnectionString,
            [StorageNames.PrefixSetting] = AzuriteFixture.NewPrefix(),
        }).Build());
        await storage.EnsureCreatedAsync(CancellationToken.None);
        var links = Options.Create(new LinkOptions { CurrentKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) });
        suppressions = new EmailSuppressions(storage, Options.Create(options), links, time);
        var metrics = new CemMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        failures = new EmailFailureLog(storage, metrics, time);
        return (new Mailer(storage, new EmailTemplates(), sender, suppressions, failures, metrics, Options.Create(options), time, NullLogger<Mailer>.Instance, TemplateSamples.DeletionLinks, new AddressHashes(Options.Create(options), links)), storage);
    }

    private static SignupApprovedEmail Values => TemplateSamples.SignupApproved;

    [Fact]
    public async Task Sending_twice_with_the_same_key_sends_one_email()
    {
        var (mailer, _) = await CreateAsync();

        var first = await mailer.SendOnceAsync("signup/01JD-approved", "ada@example.org", Values, CancellationToken.None);
        var second = await mailer.SendOnceAsync("signup/01JD-approved", "ada@example.org", Values, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        var sent = Assert.Single(sender.Sent);
        Assert.Equal("ada@example.org", sent.To);
        Assert.Equal("Ohio is now listed for Connected Educator Month", sent.Subject);
    }

    [Fact]
    public async Task The_recipient_is_matched_without_regard_to_case()
    {
        var (mailer, _) = await CreateAsync();

        await mailer.SendOnceAsync("k1", "Ada@Example.org", Values, CancellationToken.None);
        var again = await mailer.SendOnceAsync("k1", "ada@example.org", Values, CancellationToken.None);

        Assert.False(again);
        Assert.Single(sender.Sent);
    }

    [Fact]
    public async Task Different_recipients_each_get_the_email()
    {
        var (mailer, _) = await CreateAsync();

        Assert.True(await mailer.SendOnceAsync("signup-42", "ada@example.org", Values, CancellationToken.None));
        Assert.True(await mailer.SendOnceAsync("signup-42", "grace@example.org", Values, CancellationToken.None));

        Assert.Equal(["ada@example.org", "grace@example.org"], sender.Sent.Select(m => m.To).Order());
    }

    [Fact]
    public async Task Different_keys_and_templates_are_separate_emails()
    {
        var (mailer, _) = await CreateAsync();
        var rejected = TemplateSamples.SignupRejected;

        Assert.True(await mailer.SendOnceAsync("a#1?x\\y", "ada@example.org", Values, CancellationToken.None));
        Assert.True(await mailer.SendOnceAsync("a#1?x\\z", "ada@example.org", Values, CancellationToken.None));
        Assert.True(await mailer.SendOnceAsync("a#1?x\\y", "ada@example.org", rejected, CancellationToken.None));

        Assert.Equal(3, sender.Sent.Count);
    }

    [Fact]
    public async Task An_email_to_a_person_goes_out_with_the_delete_link_of_its_subject()
    {
        var (mailer, _) = await CreateAsync();

        await mailer.SendOnceAsync("signup/8", "ada@example.org", Values, CancellationToken.None);

        var link = TemplateSamples.DeletionLinks[0].LinkFor(TemplateSamples.SignupSubject.Id).AbsoluteUri;
        Assert.Contains(link, Assert.Single(sender.Sent).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_email_to_a_person_whose_data_no_feature_can_delete_is_refused_before_anything_is_recorded()
    {
        var (mailer, storage) = await CreateAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            mailer.SendOnceAsync("signup/9", "ada@example.org", Values with { DataSubject = new DataSubject("unknown-kind", "x") }, CancellationToken.None));

        Assert.Empty(sender.Sent);
        Assert.Empty(storage.Table(StorageNames.SentEmailsTable).Query<TableEntity>().ToList());
    }

    [Fact]
    public async Task The_sent_record_holds_no_email_address()
    {
        var (mailer, storage) = await CreateAsync();

        await mailer.SendOnceAsync("signup/7", "ada@example.org", Values, CancellationToken.None);

        var table = storage.Table(StorageNames.SentEmailsTable);
        var record = Assert.Single(table.Query<TableEntity>().ToList());
        Assert.Equal(TableKeys.Escape("signup/7"), record.PartitionKey);
        Assert.Equal(mailer.RowKeyFor(SignupApprovedEmail.Template, "ada@example.org"), record.RowKey);
        Assert.Matches("^signup-approved-[0-9a-f]{64}$", record.RowKey);
        Assert.Equal(time.GetUtcNow(), record.GetDateTimeOffset("SentAt"));
        Assert.DoesNotContain(record, p => p.Value?.ToString()?.Contains("ada@", StringComparison.OrdinalIgnoreCase) == true);
        // A keyed hash: not the plain SHA-256 anyone could compute from a list of likely addresses.
        Assert.DoesNotContain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("ada@example.org"u8)), record.RowKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_email_recorded_as_sent_under_the_old_unkeyed_hash_is_not_sent_again()
    {
        var (mailer, storage) = await CreateAsync();
        var legacy = SignupApprovedEmail.Template + "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("ada@example.org"u8));
        await storage.Table(StorageNames.SentEmailsTable).AddEntityAsync(new TableEntity(TableKeys.Escape("signup/old"), legacy) { ["Status"] = "sent" });

        Assert.False(await mailer.SendOnceAsync("signup/old", "Ada@Example.org", Values, CancellationToken.None));
        Assert.Empty(sender.Sent);
    }

    [Fact]
    public async Task A_failed_send_is_not_recorded_so_a_retry_sends()
    {
        var (mailer, _) = await CreateAsync();
        sender.FailNext = true;

        await Assert.ThrowsAsync<EmailDeliveryException>(
            () => mailer.SendOnceAsync("retry-1", "ada@example.org", Values, CancellationToken.None));
        var retried = await mailer.SendOnceAsync("retry-1", "ada@example.org", Values, CancellationToken.None);

        Assert.True(retried);
        Assert.Single(sender.Sent);
    }

    [Fact]
    public async Task A_send_refused_for_good_is_recorded_without_the_address_and_never_tried_again()
    {
        var (mailer, _) = await CreateAsync();
        sender.RefuseNext = true;

        var refused = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => mailer.SendOnceAsync("signup/refused", "ada@example.org", Values, CancellationToken.None));
        var again = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => mailer.SendOnceAsync("signup/refused", "ada@example.org", Values, CancellationToken.None));

        Assert.True(refused.IsPermanent);
        Assert.True(again.IsPermanent);
        Assert.Empty(sender.Sent);
        var failure = Assert.Single(await failures!.InMonthAsync(time.GetUtcNow(), CancellationToken.None));
        Assert.Equal((EmailFailureKinds.Rejected, SignupApprovedEmail.Template, "signup/refused", 400), (failure.Kind, failure.Template, failure.DedupeKey, failure.StatusCode));
        Assert.Equal(suppressions!.HashOf("ada@example.org"), failure.AddressHash);
        Assert.DoesNotContain("ada@", failure.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_suppressed_address_gets_nothing_until_it_is_cleared()
    {
        var (mailer, _) = await CreateAsync();
        await suppressions!.SuppressAsync("Ada@Example.org", EmailFailureKinds.Bounce, CancellationToken.None);

        var suppressed = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => mailer.SendOnceAsync("signup/s1", "ada@example.org", Values, CancellationToken.None));
        Assert.True(suppressed.IsPermanent);
        Assert.Empty(sender.Sent);
        Assert.Equal(EmailFailureKinds.Suppressed, Assert.Single(await failures!.InMonthAsync(time.GetUtcNow(), CancellationToken.None)).Kind);

        Assert.True(await suppressions.ClearAsync("ada@example.org", CancellationToken.None));
        Assert.False(await suppressions.ClearAsync("ada@example.org", CancellationToken.None));
        Assert.True(await mailer.SendOnceAsync("signup/s2", "ada@example.org", Values, CancellationToken.None));
        Assert.Single(sender.Sent);
    }

    [Fact]
    public void The_claim_lease_outlasts_the_longest_send_and_must_fit_in_the_retry_horizon()
    {
        var settings = new EmailOptions { AttemptTimeout = TimeSpan.FromSeconds(10), MaxRetries = 4, BaseDelay = TimeSpan.FromSeconds(1), MaxRateLimitWait = TimeSpan.FromSeconds(60) };
        Assert.Equal(TimeSpan.FromSeconds((5 * 10) + (4 * 60)), settings.LongestSend);
        Assert.True(settings.ClaimLease > settings.LongestSend);
        Assert.Empty(settings.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(settings)));

        settings.RetryHorizon = TimeSpan.FromMinutes(4);
        var problem = Assert.Single(settings.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(settings)));
        Assert.Contains(nameof(EmailOptions.RetryHorizon), problem.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_message_send_one_email()
    {
        var (mailer, _) = await CreateAsync();
        sender.Delay = TimeSpan.FromMilliseconds(200);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return await mailer.SendOnceAsync("signup/race", "ada@example.org", Values, CancellationToken.None) ? "sent" : "skipped";
            }
            catch (EmailInProgressException)
            {
                return "retry-later";
            }
        }));

        Assert.Single(sender.Sent);
        Assert.Single(outcomes, o => o == "sent");
        Assert.False(await mailer.SendOnceAsync("signup/race", "ada@example.org", Values, CancellationToken.None));
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_delivery_is_taken_over_after_its_lease()
    {
        var (mailer, storage) = await CreateAsync();
        var table = storage.Table(StorageNames.SentEmailsTable);
        await table.AddEntityAsync(new TableEntity(TableKeys.Escape("crash"), mailer.RowKeyFor(SignupApprovedEmail.Template, "ada@example.org"))
        {
            ["Status"] = "sending",
            ["ClaimedAt"] = time.GetUtcNow(),
        });

        await Assert.ThrowsAsync<EmailInProgressException>(
            () => mailer.SendOnceAsync("crash", "ada@example.org", Values, CancellationToken.None));
        Assert.Empty(sender.Sent);

        time.Advance(options.ClaimLease);
        Assert.True(await mailer.SendOnceAsync("crash", "ada@example.org", Values, CancellationToken.None));
        Assert.Single(sender.Sent);
    }

    [Fact]
    public async Task A_template_error_sends_nothing()
    {
        var (mailer, _) = await CreateAsync();

        await Assert.ThrowsAsync<TemplateException>(
            () => mailer.SendOnceAsync("k", "ada@example.org", Values with { StatesUrl = null! }, CancellationToken.None));

        Assert.Empty(sender.Sent);
    }

    [Theory]
    [InlineData("signup/1", "signup~2F1")]
    [InlineData("a\\b#c?d", "a~5Cb~23c~3Fd")]
    [InlineData("tab\there", "tab~09here")]
    [InlineData("~", "~7E")]
    [InlineData("01JD8X-approved:v1", "01JD8X-approved:v1")]
    public void Partition_keys_escape_characters_tables_refuse(string dedupeKey, string expected)
    {
        Assert.Equal(expected, TableKeys.Escape(dedupeKey));
    }

    [Fact]
    public void Without_a_sendgrid_key_the_composition_chooses_the_outbox()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageClients.ConnectionName] = azurite.ConnectionString,
            ["Cem:Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "cem-outbox-composition"),
            // Emails to people carry signed delete-my-data links, so the mailer needs the link key.
            ["Cem:Links:CurrentKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddCem(configuration);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<OutboxEmailSender>(provider.GetRequiredService<ConfiguredEmailSender>().Resolve());
        Assert.IsType<ConfiguredEmailSender>(provider.GetRequiredService<IEmailSender>());
        Assert.IsType<Mailer>(provider.GetRequiredService<IMailer>());
    }
}
