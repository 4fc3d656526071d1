using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Cem.Core.Awards;
using Cem.Tests.Calendar;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Awards;

/// <summary>
/// Awards end to end through the DevHost: proposed and issued with the function key, checked by Node against the
/// published JWK Set, baked into PNG and SVG, revoked, held by staff, and shown on their pages.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait(RemoteHost.Trait, RemoteHost.Controlled)] // a signing key of its own, no review window, no rollup lag
public sealed class AwardSiteTests(AzuriteFixture azurite)
{
    private static Task<CemSite> StartAsync(AzuriteFixture azurite, string reviewWindow = "00:00:00", string? signingKey = null, string? previousKeys = null, string? storagePrefix = null) => CemSite.StartAsync(azurite, s =>
    {
        s["Cem:Metrics:SafetyLag"] = "00:00:00";
        s["Cem:Awards:ReviewWindow"] = reviewWindow;
        s["Cem:Awards:SigningKey"] = signingKey ?? AwardTesting.NewSigningKeyPem();
        s["Cem:Awards:PreviousSigningKeys"] = previousKeys ?? "";
        if (storagePrefix is not null)
        {
            s["CemStoragePrefix"] = storagePrefix; // the same storage as an earlier start: the app restarted with other keys
        }
    });

    [Fact]
    public async Task An_issued_badge_verifies_in_node_with_the_published_key_and_its_images_hold_exactly_its_jwt()
    {
        await using var site = await StartAsync(azurite);
        await site.ApproveStateAsync("OH");
        var year = await ProposeAsync(site);

        JsonElement issued;
        using (var response = await AdminAsync(site, $"/api/admin/awards/{year}/issue"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            issued = (await AssertDescribedAsync(response, "post", "/api/admin/awards/{year}/issue"))!.Value.GetProperty("issued");
        }

        var award = Assert.Single(issued.EnumerateArray());
        var id = award.GetProperty("id").GetString()!;
        Assert.Equal(($"{year}-OH", "participant", false), (id, award.GetProperty("level").GetString(), award.GetProperty("revoked").GetBoolean()));

        using var jwksResponse = await site.Http.GetAsync("/.well-known/jwks.json");
        await AssertDescribedAsync(jwksResponse, "get", "/.well-known/jwks.json");
        var jwks = JsonNode.Parse(await jwksResponse.Content.ReadAsStringAsync())!;
        var jwt = await site.Http.GetStringAsync($"/badges/{id}/credential.jwt");
        var credential = JsonNode.Parse(await site.Http.GetStringAsync($"/badges/{id}/credential.json"))!;

        var verified = await NodeVerifier.VerifyAsync(jwks, jwt);
        Assert.True(verified.GetProperty("valid").GetBoolean(), "Node's crypto does not verify the JWT with the published key");
        Assert.Equal(jwks["keys"]![0]!["kid"]!.GetValue<string>(), verified.GetProperty("kid").GetString());
        var payload = JsonNode.Parse(verified.GetProperty("payload").GetRawText())!;
        Assert.True(JsonNode.DeepEquals(credential, payload["vc"]), "The JWT's vc claim is not the credential served");
        Assert.Equal(((string?)credential["issuer"]!["id"], (string?)credential["credentialSubject"]!["id"], (string?)credential["id"]),
            ((string?)payload["iss"], (string?)payload["sub"], (string?)payload["jti"]));
        Assert.EndsWith("/states/OH/cem", (string?)payload["sub"], StringComparison.Ordinal);
        Assert.Equal(["/states/OH/data", "/states/OH/cem"], credential["evidence"]!.AsArray().Select(e => new Uri((string)e!["id"]!).AbsolutePath));

        var png = await site.Http.GetByteArrayAsync($"/badges/{id}/badge.png");
        var chunks = PngChunks(png);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Equal("iTXt", chunks[^2].Type);
        var itxt = Assert.Single(chunks, c => c.Type == "iTXt");
        var keywordEnd = Array.IndexOf(itxt.Data, (byte)0);
        Assert.Equal("openbadgecredential", Encoding.Latin1.GetString(itxt.Data, 0, keywordEnd));
        Assert.Equal(0, itxt.Data[keywordEnd + 1]); // uncompressed
        var languageEnd = Array.IndexOf(itxt.Data, (byte)0, keywordEnd + 3);
        var translatedEnd = Array.IndexOf(itxt.Data, (byte)0, languageEnd + 1);
        Assert.Equal(jwt, Encoding.UTF8.GetString(itxt.Data, translatedEnd + 1, itxt.Data.Length - translatedEnd - 1));

        var svg = XDocument.Parse(await site.Http.GetStringAsync($"/badges/{id}/badge.svg"));
        XNamespace ob = "https://purl.imsglobal.org/ob/v3p0";
        Assert.Equal(jwt, Assert.Single(svg.Descendants(ob + "credential")).Attribute("verify")?.Value);

        var page = await site.Http.GetStringAsync($"/badges/{id}");
        Assert.Contains("<strong>Valid.</strong>", page, StringComparison.Ordinal);
        Assert.Contains("Verifies with CEM", page, StringComparison.Ordinal);

        using var list = await site.Http.GetAsync("/api/awards?state=oh");
        var listed = Assert.Single((await AssertDescribedAsync(list, "get", "/api/awards"))!.Value.EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetString());
        using var file = await site.Http.GetAsync($"/badges/{id}/credential.json");
        await AssertDescribedAsync(file, "get", "/badges/{id}/{file}");
        using var statusList = await site.Http.GetAsync("/status-lists/awards");
        await AssertDescribedAsync(statusList, "get", "/status-lists/awards");

        // The state's contact is told once, however often issue runs.
        Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, "CEM for States Participant"));
        using (var again = await AdminAsync(site, $"/api/admin/awards/{year}/issue"))
        {
            Assert.Empty((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issued").EnumerateArray());
        }

        Assert.Single(await site.Outbox.ListAsync(1000, CancellationToken.None), m => m.Subject.Contains("CEM for States Participant", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_participating_districts_badge_is_listed_with_its_states_verifies_in_node_and_its_contact_is_emailed()
    {
        await using var site = await StartAsync(azurite);
        await site.ApproveStateAsync("OH");
        var year = await CurrentYearAsync(site);
        var table = site.Services.GetRequiredService<Cem.Core.Storage.CemStorage>().Table(Cem.Core.Storage.StorageNames.EventsTable);
        await DistrictAwardTests.AddProgramAsync(table, "OH", year);
        await table.AddEntityAsync(DistrictAwardTests.NewDistrict("OH", "3900001", Cem.Core.Programs.DistrictStatuses.Approved, "hosts@example.org", year));
        await table.AddEntityAsync(DistrictAwardTests.NewEvent("OH", "01JCCCCCCCCCCCCCCCCCCCCCCC", "3900001", Cem.Core.Calendar.EventStatuses.Published, year));
        await ProposeAsync(site);
        using (await AdminAsync(site, $"/api/admin/awards/{year}/issue"))
        {
        }

        var id = $"{year}-OH-3900001";
        using var list = await site.Http.GetAsync("/api/awards?state=OH");
        var listed = (await AssertDescribedAsync(list, "get", "/api/awards"))!.Value.EnumerateArray().ToList();
        Assert.Equal([$"{year}-OH", id], listed.Select(a => a.GetProperty("id").GetString()).Order());
        var district = Assert.Single(listed, a => a.GetProperty("id").GetString() == id);
        Assert.Equal(("participating-district", "District 3900001"), (district.GetProperty("level").GetString(), district.GetProperty("name").GetString()));
        Assert.EndsWith("/states/OH/cem#district-3900001", district.GetProperty("subject").GetString(), StringComparison.Ordinal);

        using var jwksResponse = await site.Http.GetAsync("/.well-known/jwks.json");
        var jwks = JsonNode.Parse(await jwksResponse.Content.ReadAsStringAsync())!;
        var verified = await NodeVerifier.VerifyAsync(jwks, await site.Http.GetStringAsync($"/badges/{id}/credential.jwt"));
        Assert.True(verified.GetProperty("valid").GetBoolean(), "Node's crypto does not verify the district's JWT with the published key");
        var vc = JsonNode.Parse(verified.GetProperty("payload").GetRawText())!["vc"]!;
        Assert.Equal("CEM for States Participating District", (string?)vc["credentialSubject"]!["achievement"]!["name"]);
        Assert.Equal("/states/OH/cem", new Uri((string)vc["credentialSubject"]!["id"]!).AbsolutePath);

        var page = await site.Http.GetStringAsync("/states/OH/cem");
        Assert.Contains($"<li id=\"district-3900001\"><a href=\"/badges/{id}\">CEM for States Participating District {year}<span>: <bdi>District 3900001</bdi></span></a></li>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>Valid.</strong>", await site.Http.GetStringAsync($"/badges/{id}"), StringComparison.Ordinal);
        Assert.Single(await site.EmailsAsync("hosts@example.org", "CEM for States Participating District"));
        Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, "CEM for States Participating District"));

        // Once the state publishes its program, the page at the subject id is the program's, and still lists the badges.
        await table.UpsertEntityAsync(new Cem.Core.Programs.StateProgram { PartitionKey = Cem.Core.Programs.StateProgram.Partition(year, "OH"), Code = "OH", Year = year, Title = "Ohio Connects", Published = true });
        var programPage = await site.Http.GetStringAsync("/states/OH/cem");
        Assert.Contains("<h1><bdi>Ohio Connects</bdi></h1>", programPage, StringComparison.Ordinal);
        Assert.Contains($"<li id=\"district-3900001\"><a href=\"/badges/{id}\">CEM for States Participating District {year}<span>: <bdi>District 3900001</bdi></span></a></li>", programPage, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/badges/{year}-OH\">", programPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_badge_shows_as_revoked_on_its_page_and_in_the_status_list()
    {
        await using var site = await StartAsync(azurite);
        await site.ApproveStateAsync("OH");
        var year = await ProposeAsync(site);
        using (await AdminAsync(site, $"/api/admin/awards/{year}/issue"))
        {
        }

        using (var missing = await AdminAsync(site, $"/api/admin/awards/{year}-OH/revoke", new { reason = "" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.True((await AssertDescribedAsync(missing, "post", "/api/admin/awards/{id}/revoke"))!.Value.GetProperty("errors").TryGetProperty("reason", out _));
        }

        using (var revoked = await AdminAsync(site, $"/api/admin/awards/{year}-OH/revoke", new { reason = "Issued in error" }))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            Assert.True((await AssertDescribedAsync(revoked, "post", "/api/admin/awards/{id}/revoke"))!.Value.GetProperty("revoked").GetBoolean());
        }

        var page = await site.Http.GetStringAsync($"/badges/{year}-OH");
        Assert.Contains("<strong>Not valid.</strong>", page, StringComparison.Ordinal);
        Assert.Contains("CEM revoked this award.", page, StringComparison.Ordinal);
        var credential = JsonNode.Parse(await site.Http.GetStringAsync($"/badges/{year}-OH/credential.json"))!;
        var index = int.Parse((string)credential["credentialStatus"]!["statusListIndex"]!, System.Globalization.CultureInfo.InvariantCulture);
        using var json = new HttpRequestMessage(HttpMethod.Get, new Uri((string)credential["credentialStatus"]!["statusListCredential"]!).PathAndQuery);
        json.Headers.Accept.ParseAdd("application/json");
        using var listed = await site.Http.SendAsync(json);
        var list = (await AssertDescribedAsync(listed, "get", "/status-lists/awards"))!.Value;
        Assert.Equal([index], AwardTesting.DecodeStatusList(list.GetProperty("credentialSubject").GetProperty("encodedList").GetString()!));
        Assert.True((await site.Http.GetFromJsonAsync<JsonElement>("/api/awards?state=OH"))[0].GetProperty("revoked").GetBoolean());
    }

    [Fact]
    public async Task The_status_list_is_a_credential_signed_by_the_badges_issuer_that_node_verifies_and_reads_the_revocation_from()
    {
        await using var site = await StartAsync(azurite);
        await site.ApproveStateAsync("OH");
        var year = await ProposeAsync(site);
        using (await AdminAsync(site, $"/api/admin/awards/{year}/issue"))
        {
        }

        var badge = await site.Http.GetStringAsync($"/badges/{year}-OH/credential.jwt");
        var status = JsonNode.Parse(await site.Http.GetStringAsync($"/badges/{year}-OH/credential.json"))!["credentialStatus"]!;
        var index = int.Parse((string)status["statusListIndex"]!, System.Globalization.CultureInfo.InvariantCulture);
        var listPath = new Uri((string)status["statusListCredential"]!).PathAndQuery;
        var jwks = JsonNode.Parse(await site.Http.GetStringAsync("/.well-known/jwks.json"))!;

        var before = await StatusListAsync(site, listPath);
        var read = await NodeVerifier.VerifyStatusListAsync(jwks, before, index);
        Assert.True(read.GetProperty("valid").GetBoolean(), "Node's crypto does not verify the status list with the published key");
        Assert.Equal(0, read.GetProperty("bit").GetInt32());
        Assert.True(read.GetProperty("listBytes").GetInt32() >= 16 * 1024, "The bitstring is shorter than the 16 KB minimum");
        var listPayload = JsonNode.Parse(read.GetProperty("payload").GetRawText())!;
        var badgePayload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(badge.Split('.')[1]))!;
        Assert.Equal(["VerifiableCredential", "BitstringStatusListCredential"], listPayload["vc"]!["type"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(((string?)badgePayload["iss"], (string?)status["statusListCredential"]), ((string?)listPayload["iss"], (string?)listPayload["vc"]!["id"]));
        Assert.Equal(JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(badge.Split('.')[0]))!["kid"]!.GetValue<string>(), read.GetProperty("kid").GetString());

        using (var revoked = await AdminAsync(site, $"/api/admin/awards/{year}-OH/revoke", new { reason = "Issued in error" }))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        var after = await StatusListAsync(site, listPath);
        read = await NodeVerifier.VerifyStatusListAsync(jwks, after, index);
        Assert.True(read.GetProperty("valid").GetBoolean());
        Assert.Equal(1, read.GetProperty("bit").GetInt32());

        // Whoever serves a copy cannot clear the bit: the list with the revocation undone no longer verifies.
        var parts = after.Split('.');
        var forged = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!;
        forged["vc"]!["credentialSubject"]!["encodedList"] = StatusList.Encode([]);
        var forgedJwt = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged.ToJsonString())) + "." + parts[2];
        read = await NodeVerifier.VerifyStatusListAsync(jwks, forgedJwt, index);
        Assert.Equal((0, false), (read.GetProperty("bit").GetInt32(), read.GetProperty("valid").GetBoolean()));
        Assert.False(site.Services.GetRequiredService<BadgeSigner>().Check(forgedJwt).SignatureValid);
    }

    /// <summary>The status list as a verifier fetches it: the VC-JWT, kept in caches for minutes at most.</summary>
    private static async Task<string> StatusListAsync(CemSite site, string path)
    {
        using var response = await site.Http.GetAsync(path);
        await AssertDescribedAsync(response, "get", "/status-lists/awards");
        Assert.Equal("application/vc+jwt", response.Content.Headers.ContentType?.MediaType);
        Assert.InRange(response.Headers.CacheControl?.MaxAge ?? TimeSpan.MaxValue, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_badge_signed_before_a_key_rotation_verifies_while_its_key_is_published_and_says_why_not_once_dropped()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var (keyA, keyB) = (AwardTesting.NewSigningKeyPem(), AwardTesting.NewSigningKeyPem());
        int year;
        await using (var before = await StartAsync(azurite, signingKey: keyA, storagePrefix: prefix))
        {
            await before.ApproveStateAsync("OH");
            year = await ProposeAsync(before);
            using var issued = await AdminAsync(before, $"/api/admin/awards/{year}/issue");
            Assert.Single((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issued").EnumerateArray());
        }

        await using (var rotated = await StartAsync(azurite, signingKey: keyB, previousKeys: AwardTesting.PublicPem(keyA), storagePrefix: prefix))
        {
            await rotated.ApproveStateAsync("TX", "lee.jones@tea.texas.gov");
            await ProposeAsync(rotated);
            using (var issued = await AdminAsync(rotated, $"/api/admin/awards/{year}/issue"))
            {
                Assert.Equal($"{year}-TX", Assert.Single((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issued").EnumerateArray()).GetProperty("id").GetString());
            }

            var jwks = JsonNode.Parse(await rotated.Http.GetStringAsync("/.well-known/jwks.json"))!;
            Assert.Equal(2, jwks["keys"]!.AsArray().Count);
            var kids = new List<string>();
            foreach (var code in new[] { "OH", "TX" })
            {
                var verified = await NodeVerifier.VerifyAsync(jwks, await rotated.Http.GetStringAsync($"/badges/{year}-{code}/credential.jwt"));
                Assert.True(verified.GetProperty("valid").GetBoolean(), $"Node does not verify {code}'s badge with the published keys");
                kids.Add(verified.GetProperty("kid").GetString()!);
                Assert.Contains("<strong>Valid.</strong>", await rotated.Http.GetStringAsync($"/badges/{year}-{code}"), StringComparison.Ordinal);
            }

            // Ohio's badge names key A, Texas's key B: the current key first in the set.
            Assert.Equal(kids.AsEnumerable().Reverse(), jwks["keys"]!.AsArray().Select(k => (string)k!["kid"]!));
        }

        await using var dropped = await StartAsync(azurite, signingKey: keyB, storagePrefix: prefix);
        var page = await dropped.Http.GetStringAsync($"/badges/{year}-OH");
        Assert.Contains("<strong>Not valid.</strong>", page, StringComparison.Ordinal);
        Assert.Contains("signed with a key no longer published", page, StringComparison.Ordinal);
        var remaining = JsonNode.Parse(await dropped.Http.GetStringAsync("/.well-known/jwks.json"))!;
        Assert.False((await NodeVerifier.VerifyAsync(remaining, await dropped.Http.GetStringAsync($"/badges/{year}-OH/credential.jwt"))).GetProperty("valid").GetBoolean());
        Assert.Contains("<strong>Valid.</strong>", await dropped.Http.GetStringAsync($"/badges/{year}-TX"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_state_without_a_program_has_a_page_at_its_badges_subject_id_and_an_unlisted_state_has_none()
    {
        await using var site = await StartAsync(azurite);
        await site.ApproveStateAsync("OH");
        var year = await ProposeAsync(site);
        using (await AdminAsync(site, $"/api/admin/awards/{year}/issue"))
        {
        }

        var published = await site.PublishDirectAsync("OH");
        var subject = new Uri((string)JsonNode.Parse(await site.Http.GetStringAsync($"/badges/{year}-OH/credential.json"))!["credentialSubject"]!["id"]!).AbsolutePath;
        Assert.Equal("/states/OH/cem", subject);

        using var response = await site.Http.GetAsync(subject);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertDescribedAsync(response, "get", "/states/{code}/cem");
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"Ohio takes part in CEM {year}.", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/badges/{year}-OH\">CEM for States Participant {year}</a>", page, StringComparison.Ordinal);
        Assert.Contains(published.Title, page, StringComparison.Ordinal);
        Assert.Contains("href=\"/states/OH/data\"", page, StringComparison.Ordinal);

        foreach (var other in new[] { "TX", "tx", "ZZ" })
        {
            using var none = await site.Http.GetAsync($"/states/{other}/cem");
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }
    }

    [Fact]
    public async Task Staff_hold_an_award_from_the_review_page_and_a_held_award_is_not_issued()
    {
        await using var site = await StartAsync(azurite);
        await site.ApproveStateAsync("OH");
        var year = await ProposeAsync(site);
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);

        using (var crossSite = await PostFormAsync(staff, $"/api/staff/awards/{year}-OH/hold", "cross-site", "Check the press kit"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        }

        Assert.Equal(AwardStatus.Proposed, (await FindAsync(site, $"{year}-OH"))!.Status);
        using (var noReason = await PostFormAsync(staff, $"/api/staff/awards/{year}-OH/hold", "same-origin", ""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        using (var held = await PostFormAsync(staff, $"/api/staff/awards/{year}-OH/hold", "same-origin", "Check the press kit"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, held.StatusCode);
            Assert.Equal($"/staff/awards#award-{year}-OH", held.Headers.Location?.OriginalString);
        }

        Assert.Contains("Held by " + CemSite.StaffA + ": Check the press kit", await staff.GetStringAsync("/staff/awards"), StringComparison.Ordinal);
        using (var run = await AdminAsync(site, $"/api/admin/awards/{year}/issue"))
        {
            var body = (await AssertDescribedAsync(run, "post", "/api/admin/awards/{year}/issue"))!.Value;
            Assert.Empty(body.GetProperty("issued").EnumerateArray());
            Assert.Equal(1, body.GetProperty("held").GetInt32());
        }

        using (var page = await site.Http.GetAsync($"/badges/{year}-OH"))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }

        Assert.Empty(await site.Http.GetFromJsonAsync<JsonElement[]>("/api/awards?state=OH") ?? []);

        using (var released = await staff.PostAsJsonAsync($"/api/staff/awards/{year}-OH/release", new { }))
        {
            await AssertDescribedAsync(released, "post", "/api/staff/awards/{id}/release");
        }

        using (var run = await AdminAsync(site, $"/api/admin/awards/{year}/issue"))
        {
            Assert.Single((await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issued").EnumerateArray());
        }
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("signature")]
    public async Task A_tampered_stored_credential_is_reported_as_not_verifying_on_its_page(string part)
    {
        await using var site = await StartAsync(azurite);
        await site.ApproveStateAsync("OH");
        var year = await ProposeAsync(site);
        using (await AdminAsync(site, $"/api/admin/awards/{year}/issue"))
        {
        }

        var store = site.Services.GetRequiredService<AwardStore>();
        var award = (await store.FindAsync($"{year}-OH", CancellationToken.None))!;
        var parts = award.Jwt!.Split('.');
        parts[part == "payload" ? 1 : 2] = part == "payload"
            ? System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("participant", "champion", StringComparison.Ordinal)))
            : System.Buffers.Text.Base64Url.EncodeToString(new byte[64]);
        award.Jwt = string.Join('.', parts);
        Assert.True(await store.TryReplaceAsync(award, CancellationToken.None));

        var page = await site.Http.GetStringAsync($"/badges/{year}-OH");

        Assert.Contains("<strong>Not valid.</strong>", page, StringComparison.Ordinal);
        Assert.Contains("Does not verify", page, StringComparison.Ordinal);
        var jwks = JsonNode.Parse(await site.Http.GetStringAsync("/.well-known/jwks.json"))!;
        Assert.False((await NodeVerifier.VerifyAsync(jwks, await site.Http.GetStringAsync($"/badges/{year}-OH/credential.jwt"))).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Proposing_answers_with_the_proposals_and_refuses_a_year_other_than_the_current_or_last()
    {
        await using var site = await StartAsync(azurite, reviewWindow: "3.00:00:00");
        await site.ApproveStateAsync("OH");
        var year = await CurrentYearAsync(site);
        using (var rollup = await AdminAsync(site, "/api/admin/metrics/rollup"))
        {
            rollup.EnsureSuccessStatusCode();
        }

        using (var proposed = await AdminAsync(site, $"/api/admin/awards/{year}/propose"))
        {
            var body = (await AssertDescribedAsync(proposed, "post", "/api/admin/awards/{year}/propose"))!.Value;
            Assert.Equal("2-participant-proposed", $"{body.GetProperty("added").GetInt32() + 1}-{body.GetProperty("proposals")[0].GetProperty("level").GetString()}-{body.GetProperty("proposals")[0].GetProperty("status").GetString()}");
        }

        using (var early = await AdminAsync(site, $"/api/admin/awards/{year}/issue"))
        {
            Assert.Equal(1, (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inReview").GetInt32());
        }

        foreach (var wrong in new[] { (year - 2).ToString(System.Globalization.CultureInfo.InvariantCulture), (year + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "20x6" })
        {
            using var refused = await AdminAsync(site, $"/api/admin/awards/{wrong}/propose");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            await AssertDescribedAsync(refused, "post", "/api/admin/awards/{year}/propose");
        }

        using var anonymous = await site.Http.PostAsync($"/api/admin/awards/{year}/propose", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_app_refuses_to_start_when_a_previous_badge_key_is_the_current_one()
    {
        var key = AwardTesting.NewSigningKeyPem();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestDevHost.StartAsync(azurite, s =>
        {
            s["Cem:Awards:SigningKey"] = key;
            s["Cem:Awards:PreviousSigningKeys"] = AwardTesting.PublicPem(key);
        }));

        Assert.Contains("Cem:Awards:PreviousSigningKeys holds the current signing key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_the_sample_badge_key_when_it_is_not_on_localhost()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestDevHost.StartAsync(azurite, s =>
        {
            s["Cem:PublicBaseUrl"] = "https://cem.example.org";
            s["Cem:Awards:SigningKey"] = Core.SampleKeys.BadgeSigningKey;
        }));

        Assert.Contains("Cem:Awards:SigningKey is the sample key", error.Message, StringComparison.Ordinal);
        var (host, _) = await TestDevHost.StartAsync(azurite, s => s["Cem:Awards:SigningKey"] = Core.SampleKeys.BadgeSigningKey);
        await host.DisposeAsync();
    }

    private static async Task<int> CurrentYearAsync(CemSite site) =>
        (await site.Http.GetFromJsonAsync<JsonElement>("/api/editions/current")).GetProperty("year").GetInt32();

    /// <summary>Rolls the figures up and proposes the current edition's awards.</summary>
    private static async Task<int> ProposeAsync(CemSite site)
    {
        var year = await CurrentYearAsync(site);
        using (var rollup = await AdminAsync(site, "/api/admin/metrics/rollup"))
        {
            rollup.EnsureSuccessStatusCode();
        }

        using var proposed = await AdminAsync(site, $"/api/admin/awards/{year}/propose");
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        return year;
    }

    private static async Task<HttpResponseMessage> AdminAsync(CemSite site, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("x-functions-key", site.FunctionKey);
        return await site.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string fetchSite, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = reason }) };
        request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return await client.SendAsync(request);
    }

    private static Task<Award?> FindAsync(CemSite site, string id) => site.Services.GetRequiredService<AwardStore>().FindAsync(id, CancellationToken.None);

    /// <summary>The chunks of a PNG, each CRC checked.</summary>
    private static List<(string Type, byte[] Data)> PngChunks(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<(string, byte[])>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png[(at + 8)..(at + 8 + length)];
            Assert.Equal(Crc32(png.AsSpan(at + 4, 4 + length)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)));
            chunks.Add((type, data));
            at += 12 + length;
        }

        return chunks;
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309), bit by bit: slow and plain, written apart from the app's table.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
