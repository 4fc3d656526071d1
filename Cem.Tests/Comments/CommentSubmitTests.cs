using Cem.Core.Clients;
using Cem.Core.Comments;
using Cem.Core.Links;
using Cem.Core.Staff;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Comments;

[Collection(AzuriteCollection.Name)]
public sealed class CommentSubmitTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 10, 5, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_valid_comment_is_stored_pending_and_not_listed_until_approved()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);

        var id = await harness.PostAsync(harness.Form(body: "Our state ran twelve webinars."));
        var before = await harness.AllApprovedAsync();
        var approved = await harness.ModerateAsync(id, ModerationAction.Approve);
        var after = await harness.AllApprovedAsync();

        Assert.Empty(before);
        Assert.Equal(LinkOutcome.Done, approved.Outcome);
        var listed = Assert.Single(after);
        Assert.Equal(id.ToString(), listed.Id);
        Assert.Equal("Our state ran twelve webinars.", listed.Body);
        Assert.Equal("Reader", listed.Name);
    }

    [Fact]
    public async Task The_sixth_post_in_ten_minutes_is_rate_limited_until_the_window_ends()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);

        for (var i = 0; i < 5; i++)
        {
            await harness.PostAsync(harness.Form(body: "Post " + i), "192.0.2.7");
        }

        var limited = await harness.Comments.SubmitAsync(harness.Form(), "192.0.2.7", CancellationToken.None);
        var otherClient = await harness.Comments.SubmitAsync(harness.Form(), "192.0.2.8", CancellationToken.None);
        time.Advance(limited.RetryAfter);
        var later = await harness.Comments.SubmitAsync(harness.Form(), "192.0.2.7", CancellationToken.None);

        Assert.Equal(SubmitOutcome.RateLimited, limited.Outcome);
        Assert.InRange(limited.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Equal(SubmitOutcome.Accepted, otherClient.Outcome);
        Assert.Equal(SubmitOutcome.Accepted, later.Outcome);
    }

    [Fact]
    public async Task An_address_is_sent_at_most_three_confirmation_emails_an_hour_whoever_posts_and_every_comment_reaches_the_moderators()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var emails = harness.Get<CommentEmails>();
        var staff = harness.Get<StaffDirectory>().Addresses[0];
        int ConfirmationsTo(string address) => harness.Sender.Sent.Count(m => m.To == address && m.Subject.StartsWith("Confirm your comment", StringComparison.Ordinal));

        // Four posts under one address from four clients (each within its own client's limit).
        var ids = new List<CommentId>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await harness.PostAsync(harness.Form(body: "Post " + i, email: "victim@example.org"), $"192.0.2.{20 + i}"));
        }

        foreach (var id in ids.Append(ids[3])) // the last message delivered twice
        {
            await emails.SendReceivedAsync(id, CancellationToken.None);
        }

        Assert.Equal(3, ConfirmationsTo("victim@example.org"));
        Assert.Equal(4, harness.Sender.Sent.Count(m => m.To == staff && m.Subject.StartsWith("New comment from", StringComparison.Ordinal)));
        var withheld = (await harness.Get<CommentStore>().FindAsync(ids[3], CancellationToken.None))!;
        Assert.True(withheld.ConfirmationWithheld);
        Assert.Equal(CommentStatus.Pending, withheld.Status);
        Assert.Contains("No confirmation email was sent", withheld.ModerationNote, StringComparison.Ordinal);

        // Another address is not held back, and the next window sends again.
        await emails.SendReceivedAsync(await harness.PostAsync(harness.Form(email: "other@example.org"), "192.0.2.30"), CancellationToken.None);
        Assert.Equal(1, ConfirmationsTo("other@example.org"));
        time.Advance(TimeSpan.FromHours(1));
        await emails.SendReceivedAsync(await harness.PostAsync(harness.Form(email: "victim@example.org"), "192.0.2.31"), CancellationToken.None);
        Assert.Equal(4, ConfirmationsTo("victim@example.org"));
    }

    [Fact]
    public async Task The_rate_limit_is_configurable()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time, s => s["Cem:Comments:RateLimit"] = "1");

        await harness.PostAsync(harness.Form(), "192.0.2.9");
        var second = await harness.Comments.SubmitAsync(harness.Form(), "192.0.2.9", CancellationToken.None);

        Assert.Equal(SubmitOutcome.RateLimited, second.Outcome);
    }

    [Fact]
    public async Task A_filled_honeypot_answers_like_success_and_stores_nothing()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var form = harness.Form();
        form.Url2 = "http://spam.example";

        var result = await harness.Comments.SubmitAsync(form, "192.0.2.10", CancellationToken.None);

        Assert.Equal(SubmitOutcome.Trapped, result.Outcome);
        Assert.Equal(CommentStatus.Pending, result.Status);
        var table = harness.Storage.Table(Core.Storage.StorageNames.CommentsTable);
        Assert.Empty(await table.QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task A_trusted_author_proven_by_the_author_cookie_is_published_at_once_unless_the_comment_has_too_many_links()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        await harness.PostApprovedAsync(email: "Known@Example.org");
        var cookie = await harness.AuthorCookieAsync("known@example.org");

        var second = await harness.Comments.SubmitAsync(harness.Form(body: "Again, see https://a.example", email: "known@example.org"), "192.0.2.11", cookie, CancellationToken.None);
        var linky = await harness.Comments.SubmitAsync(harness.Form(body: "https://a.example https://b.example www.c.example", email: "known@example.org"), "192.0.2.11", cookie, CancellationToken.None);
        var stranger = await harness.Comments.SubmitAsync(harness.Form(email: "new@example.org"), "192.0.2.11", CancellationToken.None);

        Assert.Equal(CommentStatus.Approved, second.Status);
        Assert.Equal(CommentStatus.Pending, linky.Status);
        Assert.Equal(CommentStatus.Pending, stranger.Status);
        Assert.Equal(2, (await harness.AllApprovedAsync()).Count);
    }

    [Fact]
    public async Task The_typed_address_of_a_trusted_author_proves_nothing_and_neither_does_a_cookie_for_another_address_or_a_forged_one()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        await harness.PostApprovedAsync(email: "known@example.org");
        var attackersOwn = await harness.AuthorCookieAsync("attacker@example.org");
        var real = await harness.AuthorCookieAsync("known@example.org");
        var parts = real.Split('.');
        var forged = string.Join('.', parts[0], parts[1], (long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), parts[3]);

        var noCookie = await harness.Comments.SubmitAsync(harness.Form(email: "known@example.org", name: "Known"), "192.0.2.41", CancellationToken.None);
        var otherAddress = await harness.Comments.SubmitAsync(harness.Form(email: "known@example.org", name: "Known"), "192.0.2.42", attackersOwn, CancellationToken.None);
        var tampered = await harness.Comments.SubmitAsync(harness.Form(email: "known@example.org", name: "Known"), "192.0.2.43", forged, CancellationToken.None);

        Assert.Equal(CommentStatus.Pending, noCookie.Status);
        Assert.Equal(CommentStatus.Pending, otherAddress.Status);
        Assert.Equal(CommentStatus.Pending, tampered.Status);
        Assert.Single(await harness.AllApprovedAsync());
    }

    [Fact]
    public async Task Marking_a_comment_as_spam_or_deleting_one_revokes_its_authors_trust_and_cookie_until_a_moderator_approves_again()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        await harness.PostApprovedAsync(email: "kim@example.org");
        var cookie = await harness.AuthorCookieAsync("kim@example.org");
        var published = await harness.Comments.SubmitAsync(harness.Form(body: "Before", email: "kim@example.org"), "192.0.2.51", cookie, CancellationToken.None);
        Assert.Equal(CommentStatus.Approved, published.Status);

        await harness.ModerateAsync(published.Id!.Value, ModerationAction.Spam);
        var afterSpam = await harness.Comments.SubmitAsync(harness.Form(body: "After spam", email: "kim@example.org"), "192.0.2.52", cookie, CancellationToken.None);

        // Approving again trusts the author again, but the old cookie stays dead: a fresh one (a new confirmation) works.
        time.Advance(TimeSpan.FromMinutes(1));
        await harness.ModerateAsync(afterSpam.Id!.Value, ModerationAction.Approve);
        var oldCookie = await harness.Comments.SubmitAsync(harness.Form(body: "Old cookie", email: "kim@example.org"), "192.0.2.53", cookie, CancellationToken.None);
        var freshCookie = await harness.AuthorCookieAsync("kim@example.org");
        var fresh = await harness.Comments.SubmitAsync(harness.Form(body: "Fresh cookie", email: "kim@example.org"), "192.0.2.54", freshCookie, CancellationToken.None);

        // A replayed old approval does not undo a later deletion.
        time.Advance(TimeSpan.FromMinutes(1));
        await harness.ModerateAsync(fresh.Id!.Value, ModerationAction.Delete);
        await harness.ModerateAsync(afterSpam.Id!.Value, ModerationAction.Approve);
        var afterDelete = await harness.Comments.SubmitAsync(harness.Form(body: "After delete", email: "kim@example.org"), "192.0.2.55", await harness.AuthorCookieAsync("kim@example.org"), CancellationToken.None);

        Assert.Equal(CommentStatus.Pending, afterSpam.Status);
        Assert.Equal(CommentStatus.Pending, oldCookie.Status);
        Assert.Equal(CommentStatus.Approved, fresh.Status);
        Assert.Equal(CommentStatus.Pending, afterDelete.Status);
    }

    [Fact]
    public async Task A_known_author_is_held_when_the_website_brings_the_links_over_the_limit_or_the_name_reads_as_staff()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        await harness.PostApprovedAsync(email: "known@example.org");
        var cookie = await harness.AuthorCookieAsync("known@example.org");

        var twoLinks = harness.Form(body: "See https://a.example and https://b.example", email: "known@example.org");
        var twoLinksAndWebsite = harness.Form(body: "See https://a.example and https://b.example", email: "known@example.org");
        twoLinksAndWebsite.Website = "https://phish.example";
        var asStaff = harness.Form(body: "Please confirm your account at the link.", email: "known@example.org", name: "CEM Staff");
        var asAdmin = harness.Form(body: "Official notice.", email: "known@example.org", name: "Site admin");
        var asStaffMember = harness.Form(body: "Hello.", email: "known@example.org", name: CoreHarness.Staff.Split('@')[0]);

        Assert.Equal(CommentStatus.Approved, (await harness.Comments.SubmitAsync(twoLinks, "192.0.2.21", cookie, CancellationToken.None)).Status);
        Assert.Equal(CommentStatus.Pending, (await harness.Comments.SubmitAsync(twoLinksAndWebsite, "192.0.2.22", cookie, CancellationToken.None)).Status);
        Assert.Equal(CommentStatus.Pending, (await harness.Comments.SubmitAsync(asStaff, "192.0.2.23", cookie, CancellationToken.None)).Status);
        Assert.Equal(CommentStatus.Pending, (await harness.Comments.SubmitAsync(asAdmin, "192.0.2.24", cookie, CancellationToken.None)).Status);
        Assert.Equal(CommentStatus.Pending, (await harness.Comments.SubmitAsync(asStaffMember, "192.0.2.25", cookie, CancellationToken.None)).Status);
    }

    [Theory]
    [InlineData("Clement Acemoglu", false)]
    [InlineData("Stafford Smith", false)]
    [InlineData("CEM Staff", true)]
    [InlineData("cem_team", true)]
    [InlineData("The Administrator", true)]
    [InlineData("Connected Educator Month", true)]
    [InlineData("jane.doe", true)]     // the local part of a staff address below
    [InlineData("Jane Doe", true)]
    public void Names_that_read_as_CEM_staff_are_recognised_and_others_are_not(string name, bool imitates) =>
        Assert.Equal(imitates, CommentValidator.ImitatesStaff(name, ["jane.doe@cem.example.org"]));

    [Fact]
    public async Task A_comment_can_only_go_to_a_page_that_exists()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);

        var madeUp = await harness.Comments.SubmitAsync(harness.Form(thread: "free-iphones-here"), "192.0.2.31", CancellationToken.None);
        var state = await harness.Comments.SubmitAsync(harness.Form(thread: "state-oh"), "192.0.2.32", CancellationToken.None);
        var noSuchState = await harness.Comments.SubmitAsync(harness.Form(thread: "state-zz"), "192.0.2.33", CancellationToken.None);

        Assert.Equal(SubmitOutcome.Invalid, madeUp.Outcome);
        Assert.True(madeUp.Errors!.ToDictionary().ContainsKey("thread"));
        Assert.Equal(SubmitOutcome.Accepted, state.Outcome);
        Assert.Equal(SubmitOutcome.Invalid, noSuchState.Outcome);
    }

    [Fact]
    public async Task Auto_approval_can_be_turned_off()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time, s => s["Cem:Comments:AutoApproveKnownAuthors"] = "false");
        await harness.PostApprovedAsync();

        var second = await harness.Comments.SubmitAsync(harness.Form(), "192.0.2.12", await harness.AuthorCookieAsync("reader@example.org"), CancellationToken.None);

        Assert.Equal(CommentStatus.Pending, second.Status);
    }

    [Theory]
    [InlineData("thread", "x' or PartitionKey ne '")]
    [InlineData("thread", "Cem-For-States")]
    [InlineData("thread", "")]
    [InlineData("name", "")]
    [InlineData("name", "Eve\r\nBcc: victim@example.org")]
    [InlineData("email", "eve@example.org\r\nBcc: victim@example.org")]
    [InlineData("email", "Eve <eve@example.org>")]
    [InlineData("website", "javascript:alert(1)")]
    [InlineData("website", "data:text/html,<script>alert(1)</script>")]
    [InlineData("website", "//evil.example")]
    [InlineData("body", "")]
    [InlineData("body", "   ")]
    [InlineData("body", "bell \u0007 character")]
    public async Task Invalid_fields_are_refused_by_name(string field, string value)
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var form = harness.Form();
        switch (field)
        {
            case "thread": form.Thread = value; break;
            case "name": form.Name = value; break;
            case "email": form.Email = value; break;
            case "website": form.Website = value; break;
            default: form.Body = value; break;
        }

        var result = await harness.Comments.SubmitAsync(form, "192.0.2.13", CancellationToken.None);

        Assert.Equal(SubmitOutcome.Invalid, result.Outcome);
        Assert.Equal([field], result.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task A_body_of_5000_characters_is_accepted_and_5001_refused()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);

        var longest = await harness.Comments.SubmitAsync(harness.Form(body: new string('a', 5000)), "192.0.2.14", CancellationToken.None);
        var tooLong = await harness.Comments.SubmitAsync(harness.Form(body: new string('a', 5001)), "192.0.2.14", CancellationToken.None);

        Assert.Equal(SubmitOutcome.Accepted, longest.Outcome);
        Assert.Equal(["body"], tooLong.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task Comments_are_listed_oldest_first_twenty_a_page_with_a_continuation_that_cannot_be_forged()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time, s => s["Cem:Comments:RateLimit"] = "100");
        var ids = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            ids.Add((await harness.PostApprovedAsync(body: "Comment " + i)).ToString());
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await harness.PostAsync(harness.Form(email: "pending@example.org")); // pending: never listed

        var first = await harness.Comments.ListAsync(Threads.CemForStates, null, CancellationToken.None);
        var second = await harness.Comments.ListAsync(Threads.CemForStates, first!.Continuation, CancellationToken.None);
        var forged = first.Continuation![..27] + new string('0', first.Continuation.Length - 27);
        var otherThread = await harness.Comments.ListAsync("other-page", first.Continuation, CancellationToken.None);

        Assert.Equal(ids.Take(20), first.Comments.Select(c => c.Id));
        Assert.Equal(ids.Skip(20), second!.Comments.Select(c => c.Id));
        Assert.Null(second.Continuation);
        Assert.Null(await harness.Comments.ListAsync(Threads.CemForStates, forged, CancellationToken.None));
        Assert.Null(await harness.Comments.ListAsync(Threads.CemForStates, "garbage", CancellationToken.None));
        Assert.Null(otherThread);
    }

    [Fact]
    public async Task Spam_is_never_listed_and_delete_erases_the_comment()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var spam = await harness.PostAsync(harness.Form(body: "Buy now", email: "a@example.org"));
        var published = await harness.PostApprovedAsync(body: "Later removed", email: "b@example.org");

        var marked = await harness.ModerateAsync(spam, ModerationAction.Spam);
        var deleted = await harness.ModerateAsync(published, ModerationAction.Delete);
        var deletedAgain = await harness.ModerateAsync(published, ModerationAction.Delete);
        var approveDeleted = await harness.ModerateAsync(published, ModerationAction.Approve);

        Assert.Equal(LinkOutcome.Done, marked.Outcome);
        Assert.Equal(LinkOutcome.Done, deleted.Outcome);
        Assert.Equal(LinkOutcome.AlreadyDone, deletedAgain.Outcome);
        Assert.Equal(LinkOutcome.Refused, approveDeleted.Outcome);
        Assert.Empty(await harness.AllApprovedAsync());
        var row = await harness.Storage.Table(Core.Storage.StorageNames.CommentsTable).GetEntityAsync<Comment>(published.Thread, published.RowKey);
        Assert.Equal(("", "", ""), (row.Value.Name, row.Value.Email, row.Value.Body));
    }

    [Fact]
    public async Task A_moderation_link_for_an_address_no_longer_on_the_staff_list_is_refused()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var id = await harness.PostAsync(harness.Form());
        var link = harness.Moderation.LinkFor(id, ModerationAction.Approve, "former@cem.example.org");

        var result = await harness.Moderation.For(ModerationAction.Approve).ActAsync(Uri.UnescapeDataString(link.Query["?token=".Length..]), LinkInput.None, CancellationToken.None);

        Assert.Equal(LinkOutcome.Refused, result.Outcome);
        Assert.Empty(await harness.AllApprovedAsync());
    }
}
