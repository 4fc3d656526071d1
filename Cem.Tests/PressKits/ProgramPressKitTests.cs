using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cem.Core;
using Cem.Core.Email;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Cem.Tests.Programs;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cem.Tests.PressKits;

/// <summary>
/// A state's kit follows its program through the DevHost: publishing the program and approving a district each commit a
/// request for the state's kits, which then name the program's page, its districts and its headline events.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProgramPressKitTests(AzuriteFixture azurite)
{
    private const string KitReady = "Your CEM press kit is ready";

    [Fact]
    public async Task Publishing_the_program_and_approving_a_district_each_bring_a_fresh_kit_that_names_them()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        var first = Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, KitReady));
        Assert.DoesNotContain("program is online", await ReleaseAsync(site, first), StringComparison.Ordinal);

        var eventId = await site.PublishAsync(contact, EventApiTests.Body(title: "Ohio chat", day: 6));
        await contact.SaveAsync(ProgramSite.Body(eventId));
        (await contact.PostAsync("/api/states/OH/program/publish", null)).EnsureSuccessStatusCode();

        var published = await KitAsync(site, version: 2);
        var page = site.Services.GetRequiredService<IOptions<CemOptions>>().Value.Link("/states/OH/cem").AbsoluteUri;
        Assert.Contains($"Ohio's own Connected Educator Month program is online at {page}. Its highlights include Ohio chat on October 6.", published.Release, StringComparison.Ordinal);
        Assert.DoesNotContain("Districts in the program", published.FactSheet, StringComparison.Ordinal);

        // Publishing again changes nothing and mails nothing; a district's approval is a new version.
        (await contact.PostAsync("/api/states/OH/program/publish", null)).EnsureSuccessStatusCode();
        await ApproveDistrictAsync(site, contact);
        var joined = await KitAsync(site, version: 3);
        Assert.Contains($"program is online at {page}, with one district taking part so far.", joined.Release, StringComparison.Ordinal);
        Assert.Contains("<span class=\"figure\">1</span> district takes part", joined.FactSheet, StringComparison.Ordinal);

        await site.SettledAsync();
        Assert.Equal(3, (await site.EmailsAsync(SessionSite.OhioContact, KitReady, 3)).Count); // one email per version
    }

    private static async Task<string> ReleaseAsync(CemSite site, OutboxMessage email) =>
        Encoding.UTF8.GetString((await DownloadAsync(site, email))["press-release.txt"]);

    private static async Task<Dictionary<string, byte[]>> DownloadAsync(CemSite site, OutboxMessage email)
    {
        using var download = await site.Http.GetAsync(CemSite.LinkIn(email, "/api/press-kits/download"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        return PressKitTesting.Unzip(new MemoryStream(await download.Content.ReadAsByteArrayAsync()));
    }

    /// <summary>The kit of the email announcing <paramref name="version"/>.</summary>
    private static async Task<(string Release, string FactSheet)> KitAsync(CemSite site, int version)
    {
        var emails = await site.EmailsAsync(SessionSite.OhioContact, KitReady, version);
        var email = Assert.Single(emails, e => e.Text!.Contains($"(version {version})", StringComparison.Ordinal));
        var parts = await DownloadAsync(site, email);
        return (Encoding.UTF8.GetString(parts["press-release.txt"]), Encoding.UTF8.GetString(parts["fact-sheet.html"]));
    }

    /// <summary>An invite, a join request, its confirmation and the state's approval, by the emailed links.</summary>
    private static async Task ApproveDistrictAsync(CemSite site, HttpClient contact)
    {
        using var invited = await contact.PostAsync("/api/states/OH/program/invites", null);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invite = (await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        const string district = "it.lead@columbus.k12.example.org";
        using (var joined = await site.Http.PostAsJsonAsync("/api/districts/join", new
        {
            token = CemSite.TokenOf(invite), name = "Columbus City Schools", leaId = "3904380", contactName = "Jordan Reyes", contactTitle = "Director of Technology", email = district,
        }))
        {
            Assert.Equal(HttpStatusCode.Accepted, joined.StatusCode);
        }

        var confirm = CemSite.LinkIn(Assert.Single(await site.EmailsAsync(district, "Confirm your address to join Ohio")), "/districts/confirm");
        (await site.Http.PostAsJsonAsync("/api/districts/confirm", new { token = CemSite.TokenOf(confirm) })).EnsureSuccessStatusCode();
        var approve = CemSite.LinkIn(Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, "A district asks to join your CEM program")), "/districts/approve");
        (await site.Http.PostAsJsonAsync("/api/districts/approve", new { token = CemSite.TokenOf(approve) })).EnsureSuccessStatusCode();
    }
}
