using System.Text.Json;
using System.Text.RegularExpressions;
using Cem.Core.Links;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Core.Templating;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Cem.Tests.PressKits;

/// <summary>Compiling, storing, mailing and serving kits through the real composition against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class PressKitServiceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_request_delivered_twice_makes_one_version_and_one_email()
    {
        await using var harness = await PressKitTesting.StartAsync(azurite);
        var signup = await harness.AddApprovedAsync("OH", "Ohio Department of Education", Activities.PressRelease);

        await harness.PressKits.HandleAsync(PressKitTesting.Request(signup), CancellationToken.None);
        await harness.PressKits.HandleAsync(PressKitTesting.Request(signup), CancellationToken.None);

        Assert.Equal([$"OH/{signup.Id}/v1.zip"], await harness.BlobNamesAsync());
        var email = Assert.Single(harness.Sender.Sent);
        Assert.Equal("Your CEM press kit is ready", email.Subject);
        Assert.Equal(signup.Email, email.To);
        Assert.Contains("/api/press-kits/download?token=", email.Text, StringComparison.Ordinal);
        Assert.Contains("/press-kits/request?token=", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_after_the_data_changed_makes_a_new_version_and_emails_it()
    {
        await using var harness = await PressKitTesting.StartAsync(azurite);
        var ohio = await harness.AddApprovedAsync("OH", "Ohio Department of Education");
        await harness.PressKits.HandleAsync(PressKitTesting.Request(ohio), CancellationToken.None);

        await harness.AddApprovedAsync("TX", "Texas Education Agency"); // the national figures change
        await harness.PressKits.HandleAsync(PressKitTesting.Request(ohio, "staff-1"), CancellationToken.None);

        Assert.Equal([$"OH/{ohio.Id}/v1.zip", $"OH/{ohio.Id}/v2.zip"], (await harness.BlobNamesAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(2, harness.Sender.Sent.Count);
        Assert.Contains("(version 2)", harness.Sender.Sent.Last().Text, StringComparison.Ordinal);
        var versions = await harness.PressKits.ListAsync("OH", CancellationToken.None);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.NotEqual(versions[0].InputHash, versions[1].InputHash);
        Assert.All(versions, v => Assert.Matches("^[0-9a-f]{64}$", v.ContentHash));
    }

    [Fact]
    public async Task A_refresh_with_unchanged_data_mails_a_fresh_link_to_the_existing_version()
    {
        await using var harness = await PressKitTesting.StartAsync(azurite);
        var signup = await harness.AddApprovedAsync("OH", "Ohio Department of Education");
        await harness.PressKits.HandleAsync(PressKitTesting.Request(signup), CancellationToken.None);

        harness.Time.Advance(TimeSpan.FromDays(10)); // the first link has expired
        await harness.PressKits.HandleAsync(PressKitTesting.Request(signup, "state-abc-20260911"), CancellationToken.None);

        Assert.Single(await harness.BlobNamesAsync());
        Assert.Equal(2, harness.Sender.Sent.Count);
        var download = await harness.PressKits.OpenDownloadAsync(TokenIn(harness.Sender.Sent.Last().Text, "/api/press-kits/download"), CancellationToken.None);
        Assert.True(download.Link.IsValid);
        await using var content = download.Content;
        Assert.NotNull(content);
    }

    [Fact]
    public async Task A_missing_placeholder_stores_no_kit_sends_nothing_and_logs_template_and_placeholder()
    {
        var files = new Dictionary<string, string>
        {
            [PressKitTemplates.PressRelease] = "# {{jurisdictionName}}\n\n{{noSuchValue}}",
            [PressKitTemplates.PressReleasePage] = "{% for block in blocks %}{{ block.text }}{% endfor %}",
            [PressKitTemplates.FactSheet] = "{{jurisdictionName}}",
            [PressKitTemplates.Readme] = "{{jurisdictionName}}",
            [PressKitTemplates.Logo] = "<svg/>",
        };
        await using var harness = await PressKitTesting.StartAsync(azurite, new PressKitTemplates(files));
        var signup = await harness.AddApprovedAsync("OH", "Ohio Department of Education");

        await Assert.ThrowsAsync<TemplateException>(() => harness.PressKits.HandleAsync(PressKitTesting.Request(signup), CancellationToken.None));

        Assert.Empty(await harness.BlobNamesAsync());
        Assert.Empty(harness.Sender.Sent);
        var error = Assert.Single(harness.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("press-release.md", error.Values["Template"]);
        Assert.Equal("noSuchValue", error.Values["Placeholder"]);
        Assert.DoesNotContain("Ada", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("@", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_tampered_and_wrong_purpose_download_links_are_refused_and_say_which()
    {
        await using var harness = await PressKitTesting.StartAsync(azurite);
        var signup = await harness.AddApprovedAsync("OH", "Ohio Department of Education");
        await harness.PressKits.HandleAsync(PressKitTesting.Request(signup), CancellationToken.None);
        var token = TokenIn(harness.Sender.Sent.Single().Text, "/api/press-kits/download");

        var valid = await harness.PressKits.OpenDownloadAsync(token, CancellationToken.None);
        await using (valid.Content)
        {
            Assert.True(valid.Link.IsValid);
        }

        var tampered = await harness.PressKits.OpenDownloadAsync(token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1], CancellationToken.None);
        var requestToken = TokenIn(harness.Sender.Sent.Single().Text, "/press-kits/request");
        var wrongPurpose = await harness.PressKits.OpenDownloadAsync(requestToken, CancellationToken.None);
        harness.Time.Advance(PressKitService.DownloadLinkLifetime + TimeSpan.FromSeconds(1));
        var expired = await harness.PressKits.OpenDownloadAsync(token, CancellationToken.None);

        Assert.Equal(LinkStatus.Tampered, tampered.Link.Status);
        Assert.Equal(LinkStatus.WrongPurpose, wrongPurpose.Link.Status);
        Assert.Equal(LinkStatus.Expired, expired.Link.Status);
        Assert.All(new[] { tampered, wrongPurpose, expired }, d => Assert.Null(d.Content));
    }

    [Fact]
    public async Task A_worker_that_knows_only_an_older_version_stores_the_next_after_the_one_another_worker_stored_overwriting_nothing()
    {
        await using var harness = await PressKitTesting.StartAsync(azurite);
        var ohio = await harness.AddApprovedAsync("OH", "Ohio Department of Education");
        await harness.PressKits.CompileAsync(ohio, CancellationToken.None); // this worker now knows version 1

        var otherWorker = new PressKitStore(harness.Storage);
        var (created, _) = await otherWorker.TryAddAsync(ohio.Id, 2, "the other worker's inputs", [1, 2, 3], harness.Time.GetUtcNow(), CancellationToken.None);
        Assert.True(created);

        await harness.AddApprovedAsync("TX", "Texas Education Agency"); // the figures change
        var (version, made) = await harness.PressKits.CompileAsync(ohio, CancellationToken.None);

        Assert.True(made);
        Assert.Equal(3, version.Version);
        var versions = await harness.PressKits.ListAsync("OH", CancellationToken.None);
        Assert.Equal([1, 2, 3], versions.Select(v => v.Version));
        Assert.Equal("the other worker's inputs", versions[1].InputHash);
    }

    [Fact]
    public async Task After_a_kits_versions_are_deleted_a_compile_stores_it_again_rather_than_naming_a_deleted_version()
    {
        await using var harness = await PressKitTesting.StartAsync(azurite);
        var ohio = await harness.AddApprovedAsync("OH", "Ohio Department of Education");
        await harness.PressKits.CompileAsync(ohio, CancellationToken.None);

        await harness.Get<PressKitStore>().DeleteAllAsync(ohio.Id, CancellationToken.None);
        var (version, made) = await harness.PressKits.CompileAsync(ohio, CancellationToken.None);

        Assert.True(made);
        Assert.Equal([$"OH/{ohio.Id}/v{version.Version}.zip"], await harness.BlobNamesAsync());
    }

    [Fact]
    public async Task A_kit_is_only_compiled_for_an_approved_sign_up()
    {
        await using var harness = await PressKitTesting.StartAsync(azurite);
        var signup = await harness.AddApprovedAsync("OH", "Ohio Department of Education");
        signup.Status = SignupStatus.Rejected;
        await harness.Storage.Table(StorageNames.SignupsTable).UpdateEntityAsync(signup, Azure.ETag.All);

        await harness.PressKits.HandleAsync(PressKitTesting.Request(signup), CancellationToken.None);

        Assert.Empty(await harness.BlobNamesAsync());
        Assert.Empty(harness.Sender.Sent);
        Assert.Equal(StaffRequestOutcome.NotApproved, await harness.PressKitRequests.RequestByStaffAsync(signup.Id, CancellationToken.None));
    }

    [Fact]
    public async Task The_contact_link_previews_without_queueing_and_pressing_again_queues_nothing_more()
    {
        await using var harness = await PressKitTesting.StartAsync(azurite);
        var signup = await harness.AddApprovedAsync("OH", "Ohio Department of Education");
        var queue = harness.Storage.Queue(StorageNames.PressKitRequestedQueue);
        var token = Uri.UnescapeDataString(harness.PressKitRequestLink.LinkFor(signup.Id).Query["?token=".Length..]);

        var preview = await harness.PressKitRequestLink.PreviewAsync(token, CancellationToken.None);
        Assert.Equal(LinkOutcome.Ready, preview.Outcome);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        var first = await harness.PressKitRequestLink.ActAsync(token, LinkInput.None, CancellationToken.None);
        var second = await harness.PressKitRequestLink.ActAsync(token, LinkInput.None, CancellationToken.None);
        Assert.Equal(LinkOutcome.Done, first.Outcome);
        Assert.Equal(LinkOutcome.AlreadyDone, second.Outcome);

        // The request was committed with the link's use (the message outbox), so the second press has nothing to recover.
        var messages = (await queue.ReceiveMessagesAsync(10)).Value;
        Assert.Single(messages);
        var bodies = messages.Select(m => JsonSerializer.Deserialize<PressKitMessage>(m.Body.ToString(), JsonSerializerOptions.Web)!).ToList();
        Assert.All(bodies, b => Assert.Equal(PressKitReasons.State, b.Reason));
        Assert.DoesNotContain("@", messages[0].Body.ToString(), StringComparison.Ordinal);

        foreach (var message in bodies)
        {
            await harness.PressKits.HandleAsync(message, CancellationToken.None);
        }

        Assert.Single(harness.Sender.Sent);
    }

    private static string TokenIn(string text, string path)
    {
        var match = LinkPattern().Matches(text).Single(m => m.Groups["path"].Value == path);
        return Uri.UnescapeDataString(match.Groups["token"].Value);
    }

    [GeneratedRegex(@"https?://[^\s/]+(?<path>/[^\s?]*)\?token=(?<token>[^\s&]+)")]
    private static partial Regex LinkPattern();
}
