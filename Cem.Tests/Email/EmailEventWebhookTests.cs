using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cem.Core.Email;
using Cem.Core.Signups;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Email;

/// <summary>
/// <c>POST /api/email/events</c> through the DevHost, with requests signed by Node's own crypto: only SendGrid's
/// signature counts, and a bounce, drop or spam report stops email to the address until staff clear it.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait(RemoteHost.Trait, RemoteHost.Controlled)] // a webhook key of its own
public sealed class EmailEventWebhookTests(AzuriteFixture azurite)
{
    private const string Route = "/api/email/events";

    private static string Now(TimeSpan offset = default) =>
        (DateTimeOffset.UtcNow + offset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Events(params (string Email, string Event)[] events) =>
        JsonSerializer.Serialize(events.Select(e => new Dictionary<string, object> { ["email"] = e.Email, ["event"] = e.Event, ["timestamp"] = 1_700_000_000, ["sg_event_id"] = Guid.NewGuid().ToString("n") }));

    private static async Task<HttpResponseMessage> PostAsync(CemSite site, string body, string? timestamp, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (timestamp is not null)
        {
            request.Headers.Add(EmailEventWebhook.TimestampHeader, timestamp);
        }

        if (signature is not null)
        {
            request.Headers.Add(EmailEventWebhook.SignatureHeader, signature);
        }

        return await site.Http.SendAsync(request);
    }

    [Fact]
    public async Task Signed_bounces_drops_and_spam_reports_stop_email_to_the_address_until_staff_clear_it()
    {
        var signer = await NodeSigner.GenerateAsync();
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Email:WebhookPublicKey"] = signer.PublicKey);
        var body = Events(("gone@bounce.gov", "bounce"), ("full@drop.gov", "dropped"), ("angry@spam.gov", "spamreport"), ("fine@ok.gov", "delivered"));
        var timestamp = Now();

        using (var response = await PostAsync(site, body, timestamp, await signer.SignAsync(timestamp, body)))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var suppressions = site.Services.GetRequiredService<EmailSuppressions>();
        foreach (var address in (string[])["gone@bounce.gov", "full@drop.gov", "angry@spam.gov"])
        {
            Assert.True(await suppressions.IsSuppressedAsync(address, CancellationToken.None), address);
        }

        Assert.False(await suppressions.IsSuppressedAsync("fine@ok.gov", CancellationToken.None));
        var recorded = await site.Services.GetRequiredService<EmailFailureLog>().InMonthAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(["bounce", "dropped", "spamreport"], recorded.Select(f => f.Kind).Order(StringComparer.Ordinal));
        Assert.All(recorded, f => Assert.DoesNotContain("@", f.Detail, StringComparison.Ordinal));

        // A sign-up from the bounced address gets no email, and the sign-up shows it never arrived.
        var id = await site.SignUpAsync(CemSite.SignupBody("WY", "gone@bounce.gov"));
        await site.SettledAsync();
        Assert.DoesNotContain(await site.Outbox.ListAsync(100, CancellationToken.None), e => e.To.Contains("gone@bounce.gov", StringComparison.Ordinal));
        Assert.True(SignupId.TryParse(id, out var signupId));
        Assert.Equal(SignupReceivedEmail.Template, (await site.Services.GetRequiredService<SignupStore>().FindAsync(signupId, CancellationToken.None))!.UndeliveredEmail);

        // Staff clear it (function key); the next email goes out.
        using (var clear = new HttpRequestMessage(HttpMethod.Post, "/api/admin/email/suppressions/clear") { Content = JsonContent.Create(new { email = "Gone@Bounce.gov" }) })
        {
            clear.Headers.Add("x-functions-key", site.FunctionKey);
            using var cleared = await site.Http.SendAsync(clear);
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
            Assert.Equal("""{"cleared":true}""", await cleared.Content.ReadAsStringAsync());
        }

        await site.SignUpAsync(CemSite.SignupBody("CO", "gone@bounce.gov"));
        Assert.Single(await site.EmailsAsync("gone@bounce.gov", "We received your sign-up"));
        Assert.DoesNotContain(site.Logs.Messages, m => m.Contains("@bounce.gov", StringComparison.OrdinalIgnoreCase) || m.Contains("@spam.gov", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Unsigned_tampered_stale_or_foreign_requests_are_refused_and_change_nothing()
    {
        var signer = await NodeSigner.GenerateAsync();
        var stranger = await NodeSigner.GenerateAsync();
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Email:WebhookPublicKey"] = signer.PublicKey);
        var body = Events(("victim@state.gov", "bounce"));
        var now = Now();
        var stale = Now(TimeSpan.FromMinutes(-11));
        var future = Now(TimeSpan.FromMinutes(11));

        var cases = new (string Name, string Body, string? Timestamp, string? Signature, HttpStatusCode Expected)[]
        {
            ("unsigned", body, null, null, HttpStatusCode.Unauthorized),
            ("no timestamp", body, null, await signer.SignAsync(now, body), HttpStatusCode.Unauthorized),
            ("body changed after signing", body.Replace("victim@", "other@", StringComparison.Ordinal), now, await signer.SignAsync(now, body), HttpStatusCode.Forbidden),
            ("timestamp changed after signing", body, Now(TimeSpan.FromSeconds(-30)), await signer.SignAsync(now, body), HttpStatusCode.Forbidden),
            ("signed by another key", body, now, await stranger.SignAsync(now, body), HttpStatusCode.Forbidden),
            ("signature not base64", body, now, "not*base64", HttpStatusCode.Forbidden),
            ("signed 11 minutes ago", body, stale, await signer.SignAsync(stale, body), HttpStatusCode.Forbidden),
            ("signed 11 minutes ahead", body, future, await signer.SignAsync(future, body), HttpStatusCode.Forbidden),
        };

        foreach (var c in cases)
        {
            using var response = await PostAsync(site, c.Body, c.Timestamp, c.Signature);
            Assert.True(c.Expected == response.StatusCode, $"{c.Name}: expected {(int)c.Expected}, got {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.False(await site.Services.GetRequiredService<EmailSuppressions>().IsSuppressedAsync("victim@state.gov", CancellationToken.None));

        // The same request, properly signed, is accepted: the refusals were about the signature.
        using var accepted = await PostAsync(site, body, now, await signer.SignAsync(now, body));
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.True(await site.Services.GetRequiredService<EmailSuppressions>().IsSuppressedAsync("victim@state.gov", CancellationToken.None));
    }
}
