using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Signups;

/// <summary>Flooding and squatting the sign-up form, performed through the DevHost.</summary>
[Collection(AzuriteCollection.Name)]
[Trait(RemoteHost.Trait, RemoteHost.Controlled)] // sets its own limits and clock
public sealed class SignupAbuseTests(AzuriteFixture azurite)
{
    private const string Victim = "chief@education.ohio.gov";

    [Fact]
    public async Task Sign_ups_beyond_the_per_client_limit_are_refused_with_429_and_send_nothing()
    {
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:Signups:RateLimit"] = "3");
        string[] states = ["OH", "KY", "VT", "OR"];

        var answers = new List<HttpResponseMessage>();
        foreach (var state in states)
        {
            answers.Add(await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody(state, $"flood-{state}@example.org")));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var refused = answers[3];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.True(refused.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        await site.SettledAsync();
        Assert.Empty(await SignupsAsync(site, "OR"));
        Assert.DoesNotContain(await site.Outbox.ListAsync(500, CancellationToken.None), e => e.To.Contains("flood-OR", StringComparison.Ordinal));
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task Forged_forwarded_for_values_do_not_escape_the_per_client_limit()
    {
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:Signups:RateLimit"] = "3");
        string[] states = ["OH", "KY", "VT", "OR"];

        var statuses = new List<HttpStatusCode>();
        foreach (var (state, i) in states.Select((s, i) => (s, i)))
        {
            // Each post claims another address, first alone, then as the last entry, as a proxy would add it.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/signups") { Content = JsonContent.Create(CemSite.SignupBody(state, $"forged-{state}@example.org")) };
            request.Headers.Add("X-Forwarded-For", i % 2 == 0 ? $"198.51.100.{i}" : $"10.0.0.1, 203.0.113.{i}");
            using var response = await site.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        using var otherClient = site.ClientFrom("127.0.8.2");
        using var other = await otherClient.PostAsJsonAsync("/api/signups", CemSite.SignupBody("WA", "other@example.org"));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    [Fact]
    public async Task A_filled_honeypot_is_answered_like_a_sign_up_and_stores_and_sends_nothing()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site.BaseAddress };
        var json = JsonSerializer.SerializeToElement(CemSite.SignupBody("OH", "bot@example.org"));
        var trapped = new Dictionary<string, object?>(json.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, (object?)p.Value))) { ["url2"] = "http://spam.example" };

        using var answer = await site.Http.PostAsJsonAsync("/api/signups", trapped);
        using var form = await client.PostAsync("/api/signups", new FormUrlEncodedContent(
        [
            new("jurisdiction", "KY"), new("organizationName", "Spam"), new("organizationType", "sea"), new("contactName", "Bot"),
            new("contactTitle", "Bot"), new("email", "bot@example.org"), new("consent", "true"), new("url2", "http://spam.example"),
        ]));

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("created").GetBoolean());
        Assert.StartsWith("OH-", body.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("pending-confirmation", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.SeeOther, form.StatusCode);
        Assert.StartsWith("/signup/thanks?id=KY-", form.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await site.SettledAsync();
        Assert.Empty(await SignupsAsync(site, "OH"));
        Assert.Empty(await SignupsAsync(site, "KY"));
        Assert.Empty(await site.Outbox.ListAsync(500, CancellationToken.None));
    }

    [Fact]
    public async Task An_address_may_have_only_a_few_unconfirmed_sign_ups_across_jurisdictions()
    {
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:Signups:MaxUnconfirmedPerAddress"] = "2");

        await site.SignUpAsync(CemSite.SignupBody("OH", Victim));
        await site.SignUpAsync(CemSite.SignupBody("KY", Victim.ToUpperInvariant()));
        using var third = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody("VT", Victim));

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        using var problem = JsonDocument.Parse(await third.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("email", out _));
        Assert.Empty(await SignupsAsync(site, "VT"));
        await site.SettledAsync();
        Assert.Equal(2, (await site.EmailsAsync(Victim, "We received your sign-up", 2)).Count);
    }

    [Fact]
    public async Task Concurrent_sign_ups_of_one_address_across_jurisdictions_are_accepted_up_to_the_cap_and_no_further()
    {
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:Signups:MaxUnconfirmedPerAddress"] = "3");
        var states = Core.Jurisdictions.Jurisdiction.All.Select(j => j.Code).Where(c => c != "US").Take(12).ToList();

        // All at once, the address written differently each time, as a script racing the cap would send them.
        var answers = await Task.WhenAll(states.Select((code, i) =>
            site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody(code, i % 2 == 0 ? Victim : Victim.ToUpperInvariant()))));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(states.Count - 3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var stored = 0;
        foreach (var code in states)
        {
            stored += (await SignupsAsync(site, code)).Count;
        }

        Assert.Equal(3, stored);
        await site.SettledAsync();
        Assert.Equal(3, (await site.EmailsAsync(Victim, "We received your sign-up", 3)).Count);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task The_cap_holds_among_two_thousand_other_sign_ups_and_reads_no_other_address_sign_ups()
    {
        var probe = new StorageProbe();
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:Signups:MaxUnconfirmedPerAddress"] = "2", services: s => s.UseStorageProbe(probe));
        var table = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.SignupsTable);
        var now = DateTimeOffset.UtcNow;
        foreach (var code in Core.Jurisdictions.Jurisdiction.All.Select(j => j.Code).Where(c => c != "US").Take(20))
        {
            // 100 unconfirmed sign-ups of other addresses in each of 20 jurisdictions, written in one batch each.
            await table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new Core.Signups.Signup
            {
                PartitionKey = code,
                RowKey = Ulid.NewUlid(now.AddMilliseconds(i)).ToString(),
                Status = Core.Signups.SignupStatus.PendingConfirmation,
                OrganizationName = "Someone else",
                Email = $"other{i}@{code.ToLowerInvariant()}.example.org",
                SubmittedAt = now,
            })));
        }

        await site.SignUpAsync(CemSite.SignupBody("OH", Victim));
        await site.SignUpAsync(CemSite.SignupBody("KY", Victim));
        probe.Clear();
        using var third = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody("VT", Victim));

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        var signupRequests = probe.Requests.Where(r => r.Contains(StorageNames.SignupsTable, StringComparison.Ordinal)).ToList();
        var scans = signupRequests.Where(r => r.Contains("$filter=", StringComparison.Ordinal) && !r.Contains("PartitionKey eq", StringComparison.Ordinal)).ToList();
        Assert.True(scans.Count == 0, "The cap read the table beyond one address: " + string.Join("\n", scans));
        Assert.InRange(signupRequests.Count, 1, 10);
        using var fourth = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody("OR", "someone.new@example.org"));
        Assert.Equal(HttpStatusCode.Accepted, fourth.StatusCode);
    }

    [Fact]
    public async Task A_place_taken_by_a_sign_up_that_never_got_stored_lapses_and_a_confirmed_one_frees_its_place()
    {
        var time = new ShiftedTime();
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:Signups:MaxUnconfirmedPerAddress"] = "1", services: s => s.AddSingleton<TimeProvider>(time));
        var count = site.Services.GetRequiredService<Core.Signups.UnconfirmedSignups>();

        // A request took the address's place and crashed before its sign-up was added.
        Assert.True(await count.TryReserveAsync(Victim, Core.Signups.SignupId.New(Core.Jurisdictions.Jurisdiction.Find("OH"), time), 1, CancellationToken.None));
        using (var refused = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody("KY", Victim)))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        time.Advance(Core.Signups.UnconfirmedSignups.AddGrace + TimeSpan.FromSeconds(1));
        await site.SignUpAsync(CemSite.SignupBody("KY", Victim));
        using (var full = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody("VT", Victim)))
        {
            Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        }

        var received = Assert.Single(await site.EmailsAsync(Victim, "We received your sign-up"));
        using (await site.PressAsync("/api/signups/confirm", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
        }

        await site.SignUpAsync(CemSite.SignupBody("VT", Victim));

        // Once every sign-up in it is confirmed or expired and deleted, the clean-up deletes the address's row.
        time.Advance(TimeSpan.FromDays(30));
        await site.Services.GetRequiredService<Core.Reminders.Retention>().RunAsync(CancellationToken.None);
        var table = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.SignupsTable);
        Assert.Empty(await table.QueryAsync<TableEntity>(r => r.PartitionKey == Core.Signups.UnconfirmedSignups.Partition).ToListAsync());
        Assert.Empty(await SignupsAsync(site, "VT"));
    }

    [Fact]
    public async Task Whoever_signs_up_an_address_first_does_not_decide_what_its_owner_confirms()
    {
        var time = new ShiftedTime();
        await using var site = await CemSite.StartAsync(azurite, services: s => s.AddSingleton<TimeProvider>(time));
        var squat = new Dictionary<string, object?>(Body("OH", Victim)) { ["organizationName"] = "Squatters United" };

        var id = await site.SignUpAsync(squat);
        Assert.Single(await site.EmailsAsync(Victim, "We received your sign-up"));

        // Within ten minutes a repeat changes nothing and sends nothing, so nobody can fill the mailbox.
        using (var soon = await site.Http.PostAsJsonAsync("/api/signups", Body("OH", Victim)))
        {
            Assert.Equal(HttpStatusCode.Accepted, soon.StatusCode);
        }

        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(Victim, "We received your sign-up"));

        // Later, the owner's own submission replaces the squatter's fields and brings a fresh confirmation.
        time.Advance(TimeSpan.FromMinutes(11));
        using (var owner = await site.Http.PostAsJsonAsync("/api/signups", Body("OH", Victim)))
        {
            Assert.Equal(HttpStatusCode.Accepted, owner.StatusCode);
        }

        var received = await site.EmailsAsync(Victim, "We received your sign-up", 2);
        var fresh = received.Single(e => !e.Text!.Contains("Squatters", StringComparison.Ordinal));
        Assert.Contains("Ohio Department of Education", fresh.Text, StringComparison.Ordinal);
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(fresh, "/signups/confirm")) }))
        {
            confirmed.EnsureSuccessStatusCode();
        }

        var review = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        Assert.Contains("Ohio Department of Education", review.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Squatters", review.Text, StringComparison.Ordinal);
        Assert.Single(await SignupsAsync(site, "OH"));
        Assert.Equal("awaiting-approval", await site.StatusOfAsync(id));
    }

    [Fact]
    public async Task A_repeat_submission_does_not_reveal_the_existing_sign_up_id()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site.BaseAddress };
        var id = await site.SignUpAsync(CemSite.SignupBody("OH", Victim));

        using var json = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody("OH", Victim));
        using var form = await client.PostAsync("/api/signups", new FormUrlEncodedContent(
        [
            new("jurisdiction", "OH"), new("organizationName", "Anyone"), new("organizationType", "sea"), new("contactName", "Anyone"),
            new("contactTitle", "Anyone"), new("email", Victim), new("consent", "true"),
        ]));

        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
        var text = await json.Content.ReadAsStringAsync();
        Assert.DoesNotContain(id, text, StringComparison.Ordinal);
        Assert.DoesNotContain(id[3..], text, StringComparison.Ordinal);
        Assert.Null(json.Headers.Location);
        Assert.Equal(HttpStatusCode.SeeOther, form.StatusCode);
        Assert.Equal("/signup/thanks", form.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_repeat_form_post_lands_on_a_page_that_says_what_the_json_says_and_promises_no_new_email()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site.BaseAddress };
        var id = await site.SignUpAsync(CemSite.SignupBody("OH", Victim));
        await site.EmailsAsync(Victim, "We received your sign-up");

        // Within 10 minutes of the first: nothing changes and no email is sent.
        using var form = await client.PostAsync("/api/signups", new FormUrlEncodedContent(
        [
            new("jurisdiction", "OH"), new("organizationName", "Anyone"), new("organizationType", "sea"), new("contactName", "Anyone"),
            new("contactTitle", "Anyone"), new("email", Victim), new("consent", "true"),
        ]));
        Assert.Equal(HttpStatusCode.SeeOther, form.StatusCode);
        var page = await site.Http.GetStringAsync(form.Headers.Location);
        using var json = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody("OH", Victim));
        var message = (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!;

        Assert.Contains("<h1>Check your inbox</h1>", page, StringComparison.Ordinal);
        Assert.Contains(message, page, StringComparison.Ordinal);
        Assert.DoesNotContain("We have sent you an email", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Thank you for signing up", page, StringComparison.Ordinal);
        Assert.DoesNotContain(id[3..], page, StringComparison.Ordinal);
        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(Victim, "We received your sign-up"));
    }

    [Fact]
    public async Task Approving_a_sign_up_keeps_its_address_and_jurisdiction_locked()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync("OH", Victim);

        using var again = await site.Http.PostAsJsonAsync("/api/signups", new Dictionary<string, object?>(Body("OH", Victim)) { ["organizationName"] = "Ohio Department of Education, again" });

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await site.SettledAsync();
        Assert.Single(await SignupsAsync(site, "OH"));
        Assert.Single(await site.EmailsAsync(Victim, "We received your sign-up"));
        using var states = JsonDocument.Parse(await site.Http.GetStringAsync("/api/states"));
        Assert.Single(states.RootElement.EnumerateArray());
    }

    private static Dictionary<string, object?> Body(string jurisdiction, string email) =>
        JsonSerializer.SerializeToElement(CemSite.SignupBody(jurisdiction, email)).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);

    /// <summary>The sign-ups (not their lock, link or rate-limit rows) stored for a jurisdiction.</summary>
    private static async Task<List<TableEntity>> SignupsAsync(CemSite site, string jurisdiction)
    {
        var table = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.SignupsTable);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == jurisdiction))
        {
            if (Ulid.TryParse(row.RowKey, out _))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}
