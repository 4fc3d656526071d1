using System.Net;
using System.Text.Json;
using Azure;
using Cem.Core.Approvals;
using Cem.Core.Comments;
using Cem.Core.Links;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Comments;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Links;

/// <summary>
/// The emailed-link action's guarantees, proven against Azurite through the DevHost: races give one winner,
/// a stale copy cannot be written, a link works once, and each change leaves an audit row.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LinkActionTests(AzuriteFixture azurite)
{
    private static readonly string[] Jurisdictions = ["OH", "GA", "TX", "WA"];

    [Fact]
    public async Task Approve_and_reject_pressed_at_the_same_moment_give_one_decision_one_refusal_and_one_outcome_email()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var links = new List<(string Jurisdiction, string Email, string Approve, string Reject)>();
        foreach (var code in Jurisdictions)
        {
            var email = $"contact.{code.ToLowerInvariant()}@education.example.gov";
            var (approve, reject) = await ConfirmedSignupLinksAsync(site, code, email);
            links.Add((code, email, approve, reject));
        }

        foreach (var (code, email, approve, reject) in links)
        {
            // Both buttons at once, as two staff members might press them.
            var responses = await Task.WhenAll(
                site.Http.PostAsync("/api/signups/approve", Json(new { token = CemSite.TokenOf(approve) })),
                site.Http.PostAsync("/api/signups/reject", Json(new { token = CemSite.TokenOf(reject) })));
            var statuses = responses.Select(r => (int)r.StatusCode).Order().ToArray();
            Assert.True(statuses is [200, 409], $"{code}: expected one 200 and one 409, got {string.Join(", ", statuses)}");
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        await site.SettledAsync();
        foreach (var (code, email, _, _) in links)
        {
            var name = Core.Jurisdictions.Jurisdiction.Find(code).Name;
            var outcomes = (await site.Outbox.ListAsync(500, CancellationToken.None))
                .Where(e => e.To.Contains(email, StringComparison.OrdinalIgnoreCase)
                    && (e.Subject.Contains(name + " is now listed", StringComparison.Ordinal) || e.Subject.Contains("About your sign-up for " + name, StringComparison.Ordinal)))
                .ToList();
            Assert.Single(outcomes);
        }
    }

    [Fact]
    public async Task A_write_from_a_stale_copy_fails_with_412_and_a_late_confirmation_never_moves_an_approved_sign_up_back()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var id = await site.SignUpAsync(CemSite.SignupBody("OH", "pat@education.ohio.gov"));
        var received = Assert.Single(await site.EmailsAsync("pat@education.ohio.gov", "We received your sign-up"));
        var confirmLink = CemSite.LinkIn(received, "/signups/confirm");
        var store = site.Services.GetRequiredService<SignupStore>();
        Assert.True(SignupId.TryParse(id, out var signupId));
        var stale = (await store.FindAsync(signupId, CancellationToken.None))!;

        using (await site.PressAsync("/api/signups/confirm", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(confirmLink) }))
        {
        }

        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        using (var approved = await site.PressAsync("/api/signups/approve", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(request, "/signups/approve")) }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        // The copy read before the confirmation, written as a confirmation would write it: the ETag stops it.
        var confirmation = site.Services.GetRequiredService<AddressConfirmation>();
        stale.Status = SignupStatus.AwaitingApproval;
        var claims = new LinkClaims(confirmation.Purpose, id, "signer", DateTimeOffset.UtcNow.AddDays(1), "stale-copy-nonce");
        var failure = await Assert.ThrowsAnyAsync<RequestFailedException>(() =>
            confirmation.CommitAsync(stale, claims, "signer", new LinkTransition("address-confirmed", "done"), DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(412, failure.Status);

        // The signer pressing the old confirmation button again is told it is done, and nothing moves.
        using (var late = await site.Http.PostAsync("/api/signups/confirm", Json(new { token = CemSite.TokenOf(confirmLink) })))
        {
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);
            using var json = JsonDocument.Parse(await late.Content.ReadAsStringAsync());
            Assert.Equal("alreadydone", json.RootElement.GetProperty("outcome").GetString());
            Assert.Equal(SignupStatus.Approved, json.RootElement.GetProperty("status").GetString());
        }

        Assert.Equal(SignupStatus.Approved, await site.StatusOfAsync(id));
    }

    [Fact]
    public async Task Every_change_leaves_one_audit_row_naming_the_action_and_who_acted()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var (approve, reject) = await ConfirmedSignupLinksAsync(site, "GA", "pat@doe.k12.ga.us");
        using (await site.Http.PostAsync("/api/signups/reject", Json(new { token = CemSite.TokenOf(reject), reason = "Use your agency address." })))
        {
        }

        using (await site.Http.PostAsync("/api/signups/reject", Json(new { token = CemSite.TokenOf(reject) })))
        {
        }

        var store = site.Services.GetRequiredService<SignupStore>();
        var approvals = site.Services.GetRequiredService<ApprovalService>();
        var claims = site.Services.GetRequiredService<SignedLinks>().Check(CemSite.TokenOf(approve), ApprovalService.ApprovePurpose).Claims!;
        Assert.True(SignupId.TryParse(claims.Subject, out var id));
        var signup = (await store.FindAsync(id, CancellationToken.None))!;

        var trail = await approvals.For(Decision.Reject).AuditTrailAsync(signup, CancellationToken.None).ToListAsync();
        Assert.Equal(["address-confirmed", SignupStatus.Rejected], trail.Select(r => r.Action));
        Assert.Equal(["signer", CemSite.StaffA], trail.Select(r => r.Actor));
        Assert.Equal("Use your agency address.", trail[1].Detail);
        Assert.All(trail, r => Assert.Equal(claims.Subject, r.SubjectId));
    }

    [Fact]
    public async Task An_old_approve_link_cannot_republish_a_comment_that_staff_later_marked_as_spam()
    {
        await using var harness = await CoreHarness.StartAsync(azurite);
        var id = await harness.PostAsync(harness.Form(body: "A comment that turns out to be spam"));
        var approveToken = TokenOf(harness.Moderation.LinkFor(id, ModerationAction.Approve, CoreHarness.Staff));
        var approve = harness.Moderation.For(ModerationAction.Approve);

        Assert.Equal(LinkOutcome.Done, (await approve.ActAsync(approveToken, LinkInput.None, CancellationToken.None)).Outcome);
        Assert.Equal(LinkOutcome.Done, (await harness.ModerateAsync(id, ModerationAction.Spam)).Outcome);

        var preview = await approve.PreviewAsync(approveToken, CancellationToken.None);
        var again = await approve.ActAsync(approveToken, LinkInput.None, CancellationToken.None);

        Assert.Equal(LinkOutcome.Refused, preview.Outcome);
        Assert.Equal(LinkOutcome.Refused, again.Outcome);
        Assert.Contains("already been used", again.Message, StringComparison.Ordinal);
        Assert.Equal(CommentStatus.Spam, again.Subject!.Status);
        Assert.Empty(await harness.AllApprovedAsync());
    }

    [Fact]
    public async Task A_link_naming_a_subject_that_cannot_exist_is_treated_as_tampered()
    {
        await using var harness = await CoreHarness.StartAsync(azurite);
        var links = harness.Services.GetRequiredService<SignedLinks>();
        var approve = harness.Moderation.For(ModerationAction.Approve);
        var token = links.Issue(approve.Purpose, "not a comment id", harness.Services.GetRequiredService<Core.Staff.StaffDirectory>().IdOf(CoreHarness.Staff));

        var result = await approve.ActAsync(token, LinkInput.None, CancellationToken.None);

        Assert.Equal(LinkOutcome.InvalidLink, result.Outcome);
        Assert.Equal(LinkStatus.Tampered, result.Link.Status);
    }

    [Fact]
    public async Task A_staff_link_names_its_staff_member_by_a_keyed_id_that_a_guessed_address_cannot_be_matched_against()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var (approve, _) = await ConfirmedSignupLinksAsync(site, "OR", "contact@education.oregon.gov");
        var links = site.Services.GetRequiredService<SignedLinks>();
        var claims = links.Check(CemSite.TokenOf(approve), ApprovalService.ApprovePurpose).Claims!;
        var plain = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(CemSite.StaffA.ToLowerInvariant())));

        // Whoever sees the link (forwarded, in a proxy's log) cannot test a guessed staff address against it.
        Assert.False(plain.StartsWith(claims.Actor, StringComparison.Ordinal), "The staff id is a plain SHA-256 of the address.");
        Assert.DoesNotContain(plain[..16], claims.Actor, StringComparison.Ordinal);

        // A link issued before the id was keyed (it carries the plain id) still works until it expires.
        var old = links.Issue(ApprovalService.ApprovePurpose, claims.Subject, plain[..16]);
        using var answer = await site.Http.PostAsync("/api/signups/approve", Json(new { token = old }));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(SignupStatus.Approved, await site.StatusOfAsync(claims.Subject));
    }

    private static string TokenOf(Uri link) => Uri.UnescapeDataString(link.Query["?token=".Length..]);

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>Signs up for <paramref name="code"/>, confirms the address and returns staff A's Approve and Reject links for it.</summary>
    private static async Task<(string Approve, string Reject)> ConfirmedSignupLinksAsync(CemSite site, string code, string email)
    {
        await site.SignUpAsync(CemSite.SignupBody(code, email));
        var received = Assert.Single(await site.EmailsAsync(email, "We received your sign-up"));
        using (await site.PressAsync("/api/signups/confirm", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
        }

        var name = Core.Jurisdictions.Jurisdiction.Find(code).Name;
        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "signed up for " + name));
        return (CemSite.LinkIn(request, "/signups/approve"), CemSite.LinkIn(request, "/signups/reject"));
    }
}
