using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Cem.Core.Comments;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Reminders;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Calendar;
using Cem.Tests.Comments;
using Cem.Tests.Infrastructure;
using Cem.Tests.Programs;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Privacy;

/// <summary>"Delete my data": the link in every email to a person, and what it deletes, through the DevHost on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class DeleteMyDataTests(AzuriteFixture azurite)
{
    private const string Contact = "pat.smith@education.ohio.gov";
    private const string ContactName = "Pat Smith";
    private const string Phone = "614-555-0100";

    /// <summary>
    /// How this test makes each kind of email to a person arrive: the subject it is found by. A new <see cref="IEmailToPerson"/>
    /// fails the test below until it is added here and produced by it.
    /// </summary>
    private static readonly Dictionary<string, string> SubjectOfPersonEmail = new(StringComparer.Ordinal)
    {
        [SignupReceivedEmail.Template] = "We received your sign-up for Ohio",
        [SignupReminderEmail.Template] = "Reminder: please confirm your sign-up for Georgia",
        [SignupApprovedEmail.Template] = "Ohio is now listed",
        [PressKitReadyEmail.Template] = "Your CEM press kit is ready",
        [SignupRejectedEmail.Template] = "About your sign-up for Texas",
        [CommentConfirmEmail.Template] = "Confirm your comment",
        [CommentApprovedEmail.Template] = "Your comment is published",
        [CommentAnsweredEmail.Template] = "CEM staff answered your comment",
        [Core.Calendar.SuggestionConfirmEmail.Template] = "Confirm your event suggestion",
        [Core.Calendar.SuggestionPublishedEmail.Template] = "Your event is on the CEM calendar",
        [Core.Calendar.SuggestionRejectedEmail.Template] = "About your event suggestion",
        [Core.Programs.DistrictConfirmEmail.Template] = "Confirm your address to join Ohio",
        [Core.Programs.DistrictWelcomeEmail.Template] = "Welcome to Ohio's CEM program",
    };

    [Fact]
    public async Task Every_kind_of_email_to_a_person_carries_a_delete_my_data_link_that_works()
    {
        var personTemplates = EmailTemplates.Models.Where(typeof(IEmailToPerson).IsAssignableFrom).Select(EmailTemplates.NameOf).Order(StringComparer.Ordinal);
        Assert.Equal(personTemplates, SubjectOfPersonEmail.Keys.Order(StringComparer.Ordinal));

        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:Reminders:ConfirmationWait"] = "00:00:01");
        await site.ApproveStateAsync("OH", Contact);
        await RejectedSignupAsync(site, "TX", "lee@education.texas.gov");
        await site.SignUpAsync(CemSite.SignupBody("GA", "sam@doe.k12.ga.us"));
        await site.EmailsAsync("sam@doe.k12.ga.us", "We received your sign-up");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the one-second confirmation wait set above
        await site.Services.GetRequiredService<ReminderService>().RunAsync(CancellationToken.None);
        var asked = await site.PostCommentIdAsync("How do community colleges take part?", name: "Robin", email: "robin@example.org");
        await site.EmailsAsync("robin@example.org", "Confirm your comment"); // sent only while the comment waits
        await site.ApproveAsync(asked);
        await site.Services.GetRequiredService<CommentReplies>().ReplyAsync(asked, CemSite.StaffA, "Through their state's CEM contact.", CancellationToken.None);
        await SuggestAndDecideAsync(site, "published.suggester@example.net", "approve");
        await SuggestAndDecideAsync(site, "rejected.suggester@example.net", "reject");
        await site.PublishProgramDirectAsync((await site.PublishDirectAsync("OH")).Id.ToString());
        await site.ApprovedDistrictDirectAsync();

        foreach (var (template, subject) in SubjectOfPersonEmail)
        {
            var email = (await site.EmailsAsync("", subject))[0];
            var link = DeleteLinkIn(email) ?? throw new Xunit.Sdk.XunitException($"The {template} email has no delete-my-data link.");
            Assert.Contains("Delete my data", email.Html, StringComparison.Ordinal);
            using var page = await site.GetPageAsync(link);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"The {template} email's delete link answers {page.StatusCode}.");
            var html = await page.Content.ReadAsStringAsync();
            if (template == Core.Calendar.SuggestionPublishedEmail.Template)
            {
                // A published suggestion forgets its suggester as soon as this email has gone: the link says so.
                Assert.Contains("no longer kept", html, StringComparison.Ordinal);
                continue;
            }

            Assert.Contains("action=\"/api/delete-my-data/", html, StringComparison.Ordinal);
        }

        // And every email that went to anyone but staff, whatever its kind (sign-in links aside, see IEmailWithoutDataLink).
        await site.SettledAsync();
        foreach (var entry in await site.Outbox.ListAsync(500, CancellationToken.None))
        {
            // The district emails to a state's contacts go, like sign-in links, only to contacts of approved sign-ups.
            if (entry.To.Contains("@cem.test", StringComparison.Ordinal) || entry.Subject.StartsWith("Your sign-in link", StringComparison.Ordinal)
                || entry.Subject.StartsWith("A district asks to join", StringComparison.Ordinal) || entry.Subject.StartsWith("A district in your CEM program", StringComparison.Ordinal))
            {
                continue;
            }

            var email = (await site.Outbox.ReadAsync(entry.FileName, CancellationToken.None))!;
            Assert.True(DeleteLinkIn(email) is not null, $"'{entry.Subject}' to {entry.To} has no delete-my-data link.");
        }
    }

    [Fact]
    public async Task A_contact_who_deletes_their_details_keeps_the_listing_and_leaves_their_address_and_name_in_no_table_or_press_kit()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync("OH", Contact);
        var approved = Assert.Single(await site.EmailsAsync(Contact, "Ohio is now listed"));
        await site.EmailsAsync(Contact, "Your CEM press kit is ready");
        using var signedIn = await site.SignedInClientAsync(Contact);
        await site.SettledAsync();
        Assert.NotEmpty(await TracesOfAsync(site, Contact, ContactName, Phone)); // the scan below finds what there is to find

        var link = DeleteLinkIn(approved)!;
        using (var page = await site.GetPageAsync(link))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Also withdraw the listing of Ohio", html, StringComparison.Ordinal);
        }

        using (var done = await site.Http.PostAsJsonAsync("/api/delete-my-data/signup", new { token = CemSite.TokenOf(link) }))
        {
            var body = await done.Content.ReadAsStringAsync();
            Assert.True(done.StatusCode == HttpStatusCode.OK, body);
            Assert.Equal("done", JsonDocument.Parse(body).RootElement.GetProperty("outcome").GetString());
        }

        await site.SettledAsync();
        Assert.Empty(await TracesOfAsync(site, Contact, ContactName, Phone));
        Assert.Contains("Ohio Department of Education", await site.Http.GetStringAsync("/api/states"), StringComparison.Ordinal);
        using (var me = await signedIn.GetAsync(new Uri("/api/me", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }

        // The link worked once: pressing again says so and changes nothing.
        using var again = await site.Http.PostAsJsonAsync("/api/delete-my-data/signup", new { token = CemSite.TokenOf(link) });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("alreadydone", JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString());
        Assert.Contains("Ohio Department of Education", await site.Http.GetStringAsync("/api/states"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unconfirmed_sign_up_is_deleted_entirely_with_every_record_of_it()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var id = await site.SignUpAsync(CemSite.SignupBody("OH", Contact));
        var received = Assert.Single(await site.EmailsAsync(Contact, "We received your sign-up"));
        await site.SettledAsync();

        using (var done = await site.PressAsync("/api/delete-my-data/signup", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(DeleteLinkIn(received)!) }))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        await site.SettledAsync();
        Assert.Empty(await TracesOfAsync(site, Contact, ContactName, Phone));
        Assert.True(SignupId.TryParse(id, out var signupId));
        Assert.Null(await site.Services.GetRequiredService<SignupStore>().FindAsync(signupId, CancellationToken.None));
        Assert.DoesNotContain(await AllRowsAsync(site, StorageNames.SignupsTable), r => r.RowKey.Contains(signupId.RowKey, StringComparison.Ordinal)
            || r.Any(p => p.Value?.ToString() == signupId.RowKey));

        // The confirmation link now names nothing: the sign-up cannot come back.
        using var confirm = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) });
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);

        // The address is free for a new sign-up.
        await site.SignUpAsync(CemSite.SignupBody("OH", Contact));
    }

    [Fact]
    public async Task Withdrawing_an_approved_listing_removes_it_and_tells_every_staff_member()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync("OH", Contact);
        var approved = Assert.Single(await site.EmailsAsync(Contact, "Ohio is now listed"));
        await site.SettledAsync();

        using (var done = await site.PressAsync("/api/delete-my-data/signup", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(DeleteLinkIn(approved)!), ["choice"] = SignupErasure.WithdrawChoice }))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Contains("no longer listed", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var staff in new[] { CemSite.StaffA, CemSite.StaffB })
        {
            var told = Assert.Single(await site.EmailsAsync(staff, "Ohio: a listing was withdrawn"));
            Assert.Contains("Ohio Department of Education", told.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(Contact, told.Text, StringComparison.OrdinalIgnoreCase);
            Assert.Null(DeleteLinkIn(told));
        }

        await site.SettledAsync();
        Assert.DoesNotContain("Ohio Department of Education", await site.Http.GetStringAsync("/api/states"), StringComparison.Ordinal);
        Assert.Empty(await TracesOfAsync(site, Contact, ContactName, Phone));
    }

    [Fact]
    public async Task A_commenter_may_keep_the_text_as_a_former_participant_or_remove_it_and_their_details_go_either_way()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var kept = await site.PostCommentIdAsync("Our districts loved the webinars.", name: "Robin Quill", email: "robin@example.org");
        var removed = await site.PostCommentIdAsync("Please remove this later.", name: "Robin Quill", email: "robin@example.org", client: "127.0.2.51");
        await site.ApproveAsync(kept);
        await site.ApproveAsync(removed);
        var published = await site.EmailsAsync("robin@example.org", "Your comment is published", 2);
        await site.SettledAsync();
        string LinkAbout(CommentId id) => DeleteLinkIn(published.Single(e => e.Text!.Contains(id.ToString(), StringComparison.Ordinal)))!;

        using (var page = await site.GetPageAsync(LinkAbout(kept)))
        {
            Assert.Contains("a former participant", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var keep = await site.PressAsync("/api/delete-my-data/comment", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(LinkAbout(kept)), ["choice"] = "keep-text" }))
        {
            Assert.Equal(HttpStatusCode.OK, keep.StatusCode);
        }

        using (var remove = await site.PressAsync("/api/delete-my-data/comment", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(LinkAbout(removed)), ["choice"] = CommentErasure.RemoveTextChoice }))
        {
            Assert.Equal(HttpStatusCode.OK, remove.StatusCode);
        }

        await site.SettledAsync();
        var comments = (await site.ListAsync()).GetProperty("comments").EnumerateArray().ToList();
        var shown = Assert.Single(comments);
        Assert.Equal(kept.ToString(), shown.GetProperty("id").GetString());
        Assert.Equal(CommentErasure.FormerParticipant, shown.GetProperty("name").GetString());
        Assert.Equal("Our districts loved the webinars.", shown.GetProperty("body").GetString());
        Assert.DoesNotContain("Robin", await site.Http.GetStringAsync("/comments"), StringComparison.Ordinal);
        Assert.Empty(await TracesOfAsync(site, "robin@example.org", "Robin Quill", "Please remove this later."));
    }

    [Fact]
    public async Task Forged_altered_expired_wrong_and_reused_delete_links_are_refused_and_a_GET_deletes_nothing()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var id = await site.SignUpAsync(CemSite.SignupBody("OH", Contact));
        var received = Assert.Single(await site.EmailsAsync(Contact, "We received your sign-up"));
        var token = CemSite.TokenOf(DeleteLinkIn(received)!);
        var key = Options.Create(new LinkOptions { CurrentKey = site.Configuration["Cem:Links:CurrentKey"]! });
        var claims = new SignedLinks(key, TimeProvider.System).Check(token, SignupErasure.ErasePurpose).Claims!;

        // GETs, however many, change nothing.
        for (var i = 0; i < 3; i++)
        {
            using var page = await site.GetPageAsync(DeleteLinkIn(received)!);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Assert.Equal(SignupStatus.PendingConfirmation, await site.StatusOfAsync(id));

        var forged = new SignedLinks(Options.Create(new LinkOptions { CurrentKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }), TimeProvider.System)
            .Issue(SignupErasure.ErasePurpose, claims.Subject, claims.Actor, SignupErasure.LinkLifetime);
        var altered = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        var expired = new SignedLinks(key, new FakeTimeProvider(DateTimeOffset.UtcNow - SignupErasure.LinkLifetime - TimeSpan.FromDays(1)))
            .Issue(SignupErasure.ErasePurpose, claims.Subject, claims.Actor, SignupErasure.LinkLifetime);
        var confirmLink = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm"));
        // A genuine comment-deletion link for another subject cannot delete a sign-up.
        var otherAction = new SignedLinks(key, TimeProvider.System).Issue(CommentErasure.ErasePurpose, claims.Subject, "author");
        foreach (var (bad, status) in new[] { (forged, HttpStatusCode.Forbidden), (altered, HttpStatusCode.Forbidden), (expired, HttpStatusCode.Gone), (confirmLink, HttpStatusCode.BadRequest), (otherAction, HttpStatusCode.BadRequest) })
        {
            using var refused = await site.Http.PostAsJsonAsync("/api/delete-my-data/signup", new { token = bad });
            Assert.Equal(status, refused.StatusCode);
        }

        Assert.Equal(SignupStatus.PendingConfirmation, await site.StatusOfAsync(id));

        using (var done = await site.Http.PostAsJsonAsync("/api/delete-my-data/signup", new { token }))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        // Used: the sign-up is gone, so the link names nothing any more.
        using var reused = await site.Http.PostAsJsonAsync("/api/delete-my-data/signup", new { token });
        Assert.Equal(HttpStatusCode.NotFound, reused.StatusCode);
    }

    /// <summary>The delete-my-data link of an email (its text part), relative to the site; null when it has none.</summary>
    private static string? DeleteLinkIn(OutboxMessage email) =>
        LinkPattern().Matches(email.Text ?? "").Select(m => new Uri(m.Value)).FirstOrDefault(u => u.AbsolutePath.StartsWith("/delete-my-data/", StringComparison.Ordinal))?.PathAndQuery;

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex LinkPattern();

    private static async Task RejectedSignupAsync(CemSite site, string jurisdiction, string email)
    {
        await site.SignUpAsync(CemSite.SignupBody(jurisdiction, email));
        var received = Assert.Single(await site.EmailsAsync(email, "We received your sign-up"));
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
            confirmed.EnsureSuccessStatusCode();
        }

        var request = (await site.EmailsAsync(CemSite.StaffA, "signed up for " + Core.Jurisdictions.Jurisdiction.Find(jurisdiction).Name))[0];
        using var rejected = await site.Http.PostAsJsonAsync("/api/signups/reject", new { token = CemSite.TokenOf(CemSite.LinkIn(request, "/signups/reject")) });
        rejected.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Where the given personal data still is: every row of every table of the site (keys and values), every blob (press
    /// kits, unzipped), as text, as the plain SHA-256 of the lower-cased address, and as the app's keyed hashes of it.
    /// </summary>
    [Fact]
    public async Task A_suggester_who_deletes_their_data_withdraws_the_suggestion_unconfirmed_or_waiting_and_nothing_of_them_is_left()
    {
        await using var site = await CemSite.StartAsync(azurite);
        const string unconfirmed = "first.suggester@example.net";
        const string waiting = "second.suggester@example.net";
        await SuggestAsync(site, unconfirmed, "Quiet evening");
        var confirmWaiting = await SuggestAsync(site, waiting, "Busy morning");
        using (await site.Http.PostAsJsonAsync("/api/suggestions/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(confirmWaiting, "/suggestions/confirm")) }))
        {
        }

        var review = (await site.EmailsAsync(CemSite.StaffA, "Suggested event for the whole country")).Single(e => e.Text!.Contains("Busy morning", StringComparison.Ordinal));
        foreach (var address in new[] { unconfirmed, waiting })
        {
            var link = DeleteLinkIn(Assert.Single(await site.EmailsAsync(address, "Confirm your event suggestion")))!;
            using (var page = await site.GetPageAsync(link))
            {
                Assert.Contains("withdraws your event suggestion", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using var done = await site.Http.PostAsJsonAsync("/api/delete-my-data/suggestion", new { token = CemSite.TokenOf(link) });
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Equal("done", JsonDocument.Parse(await done.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString());
        }

        // The moderator's link no longer publishes the withdrawn suggestion.
        using (var approve = await site.Http.PostAsJsonAsync("/api/suggestions/approve", new { token = CemSite.TokenOf(CemSite.LinkIn(review, "/suggestions/approve")) }))
        {
            Assert.NotEqual(HttpStatusCode.OK, approve.StatusCode);
        }

        await site.SettledAsync();
        Assert.DoesNotContain("Busy morning", await site.Http.GetStringAsync("/api/events"), StringComparison.Ordinal);
        Assert.Empty(await TracesOfAsync(site, unconfirmed, "Quiet evening"));
        Assert.Empty(await TracesOfAsync(site, waiting, "Busy morning"));
    }

    /// <summary>A national suggestion from <paramref name="address"/>, sent over HTTP; its confirmation email.</summary>
    private static async Task<OutboxMessage> SuggestAsync(CemSite site, string address, string title)
    {
        var body = JsonSerializer.SerializeToElement(Calendar.SuggestionSiteTests.Body(jurisdiction: "", title: title)).EnumerateObject()
            .ToDictionary(p => p.Name, p => (object?)p.Value);
        body["contactEmail"] = address;
        using (var suggested = await site.Http.PostAsJsonAsync("/api/events/suggestions", body))
        {
            Assert.Equal(HttpStatusCode.Accepted, suggested.StatusCode);
        }

        return Assert.Single(await site.EmailsAsync(address, "Confirm your event suggestion"));
    }

    /// <summary>A suggestion from <paramref name="address"/> confirmed and then approved or rejected by staff, so its outcome email goes.</summary>
    private static async Task SuggestAndDecideAsync(CemSite site, string address, string action)
    {
        var title = "Decided by staff: " + address;
        var confirm = await SuggestAsync(site, address, title);
        using (await site.Http.PostAsJsonAsync("/api/suggestions/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(confirm, "/suggestions/confirm")) }))
        {
        }

        await Cem.Tests.DevHost.TestDevHost.Eventually(
            async () => (await site.EmailsAsync(CemSite.StaffA, "Suggested event for the whole country", 1)).Any(e => e.Text!.Contains(title, StringComparison.Ordinal)),
            "the staff review email of " + title);
        var review = (await site.EmailsAsync(CemSite.StaffA, "Suggested event for the whole country")).First(e => e.Text!.Contains(title, StringComparison.Ordinal));
        using (var decided = await site.Http.PostAsJsonAsync("/api/suggestions/" + action, new { token = CemSite.TokenOf(CemSite.LinkIn(review, "/suggestions/" + action)), reason = "Not for this calendar." }))
        {
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        }

        await site.EmailsAsync(address, action == "approve" ? "Your event is on the CEM calendar" : "About your event suggestion");
    }

    private static async Task<List<string>> TracesOfAsync(CemSite site, string address, params string[] texts)
    {
        var hashes = site.Services.GetRequiredService<AddressHashes>();
        var needles = texts.Prepend(address)
            .Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.ToLowerInvariant()))))
            .Append(hashes.For("signup-lock", address))
            .Append(hashes.For("signup-unconfirmed", address))
            .Append(hashes.For("sent-email", address))
            .ToArray();
        var found = new List<string>();
        foreach (var table in StorageNames.Tables)
        {
            foreach (var row in await AllRowsAsync(site, table))
            {
                var text = string.Join("\n", row.Select(p => p.Key + "=" + p.Value));
                found.AddRange(needles.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"{table} {row.PartitionKey}/{row.RowKey}: {n}"));
            }
        }

        var storage = site.Services.GetRequiredService<CemStorage>();
        foreach (var name in new[] { StorageNames.PressKitsContainer })
        {
            var container = storage.Container(name);
            if (!await container.ExistsAsync())
            {
                continue;
            }

            await foreach (var blob in container.GetBlobsAsync())
            {
                var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content));
                foreach (var part in zip.Entries)
                {
                    using var reader = new StreamReader(part.Open());
                    var text = await reader.ReadToEndAsync();
                    found.AddRange(needles.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"{name} {blob.Name}/{part.FullName}: {n}"));
                }
            }
        }

        return found;
    }

    private static async Task<List<TableEntity>> AllRowsAsync(CemSite site, string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in site.Services.GetRequiredService<CemStorage>().Table(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
