using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cem.Tests.Comments;
using Cem.Tests.Infrastructure;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.OpenApi;

/// <summary>
/// Real answers of the app (the DevHost on Azurite) checked against the OpenAPI document: each status and
/// media type must be described, and each JSON body must match its schema, which must be strict enough
/// that a renamed or missing field fails.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OpenApiResponseTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_document_is_served_as_cacheable_json()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var response = await site.Http.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge: not null }, $"Cache-Control: {response.Headers.CacheControl}");
        var served = await AssertDescribedAsync(response, "get", "/api/openapi.json");
        Assert.Equal("3.1.0", served!.Value.GetProperty("openapi").GetString());
        Assert.True(served.Value.GetProperty("paths").TryGetProperty("/api/openapi.json", out _));
    }

    [Fact]
    public async Task Sign_up_answers_match_the_document()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");

        using (var empty = await site.Http.GetAsync("/api/states"))
        {
            await AssertDescribedAsync(empty, "get", "/api/states");
        }

        string id;
        using (var accepted = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody()))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            id = (await AssertDescribedAsync(accepted, "post", "/api/signups"))!.Value.GetProperty("id").GetString()!;
        }

        using (var invalid = await site.Http.PostAsJsonAsync("/api/signups", new { jurisdiction = "XX", email = "not an address", consent = false }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var problem = (await AssertDescribedAsync(invalid, "post", "/api/signups"))!.Value;
            Assert.True(problem.GetProperty("errors").TryGetProperty("jurisdiction", out _));
        }

        using (var broken = await site.Http.PostAsync("/api/signups", new StringContent("{", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
            await AssertDescribedAsync(broken, "post", "/api/signups");
        }

        using (var unsupported = await site.Http.PostAsync("/api/signups", new StringContent("<signup/>", Encoding.UTF8, "application/xml")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
            await AssertDescribedAsync(unsupported, "post", "/api/signups");
        }

        using (var status = await site.Http.GetAsync($"/api/signups/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            await AssertDescribedAsync(status, "get", "/api/signups/{id}");
        }

        using (var malformed = await site.Http.GetAsync("/api/signups/not-an-id"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            await AssertDescribedAsync(malformed, "get", "/api/signups/{id}");
        }

        // The emailed links, used as an API client would (JSON, no Accept: text/html).
        var received = Assert.Single(await site.EmailsAsync("pat.smith@education.ohio.gov", "We received your sign-up"));
        var confirmLink = CemSite.LinkIn(received, "/signups/confirm");
        using (var ready = await site.Http.GetAsync(confirmLink))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            await AssertDescribedAsync(ready, "get", "/signups/confirm");
        }

        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(confirmLink) }))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            await AssertDescribedAsync(confirmed, "post", "/api/signups/confirm");
        }

        using (var forged = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = "abc.def" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            var problem = (await AssertDescribedAsync(forged, "post", "/api/signups/confirm"))!.Value;
            Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _));
        }

        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        using (var approved = await site.Http.PostAsJsonAsync("/api/signups/approve", new { token = CemSite.TokenOf(CemSite.LinkIn(request, "/signups/approve")) }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            await AssertDescribedAsync(approved, "post", "/api/signups/approve");
        }

        using (var listed = await site.Http.GetAsync("/api/states"))
        {
            Assert.Equal("OH", (await AssertDescribedAsync(listed, "get", "/api/states"))!.Value[0].GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Metrics_and_staff_answers_match_the_document()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        await site.SignUpAsync(CemSite.SignupBody());
        var key = "?code=" + Uri.EscapeDataString(site.FunctionKey);

        using (var rollup = await site.Http.PostAsync("/api/admin/metrics/rollup" + key, null))
        {
            Assert.Equal(HttpStatusCode.OK, rollup.StatusCode);
            await AssertDescribedAsync(rollup, "post", "/api/admin/metrics/rollup");
        }

        using (var metrics = await site.Http.GetAsync("/api/states/OH/metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            var figures = (await AssertDescribedAsync(metrics, "get", "/api/states/{code}/metrics"))!.Value;
            Assert.Equal("not-listed", figures.GetProperty("status").GetString()); // a sign-up is public once approved
            Assert.False(figures.GetProperty("counts").TryGetProperty("signed-up", out _));
        }

        using (var unknown = await site.Http.GetAsync("/api/states/ZZ/metrics"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            await AssertDescribedAsync(unknown, "get", "/api/states/{code}/metrics");
        }

        using (var kits = await site.Http.GetAsync("/api/admin/press-kits" + key + "&jurisdiction=OH"))
        {
            Assert.Equal(HttpStatusCode.OK, kits.StatusCode);
            await AssertDescribedAsync(kits, "get", "/api/admin/press-kits");
        }

        using (var health = await site.Http.GetAsync("/api/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            await AssertDescribedAsync(health, "get", "/api/health");
        }
    }

    [Fact]
    public async Task Comment_answers_match_the_document()
    {
        await using var site = await CemSite.StartAsync(azurite);

        using (var challenge = await site.Http.GetAsync("/api/comments/challenge"))
        {
            Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
            await AssertDescribedAsync(challenge, "get", "/api/comments/challenge");
        }

        using (var posted = await site.PostCommentAsync("Our district runs a CEM kickoff every October."))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            await AssertDescribedAsync(posted, "post", "/api/comments");
        }

        using (var invalid = await site.Http.PostAsJsonAsync("/api/comments", new { thread = "Not a thread!", body = "" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var problem = (await AssertDescribedAsync(invalid, "post", "/api/comments"))!.Value;
            Assert.True(problem.GetProperty("errors").TryGetProperty("challenge", out _));
        }

        // The moderator's Approve link, used as an API client would.
        var moderation = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "New comment"));
        using (var approved = await site.Http.PostAsJsonAsync("/api/comments/approve", new { token = CemSite.TokenOf(CemSite.LinkIn(moderation, "/comments/approve")) }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            await AssertDescribedAsync(approved, "post", "/api/comments/approve");
        }

        string id;
        using (var list = await site.Http.GetAsync("/api/comments?thread=cem-for-states"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            id = (await AssertDescribedAsync(list, "get", "/api/comments"))!.Value.GetProperty("comments")[0].GetProperty("id").GetString()!;
        }

        using (var forged = await site.Http.GetAsync("/api/comments?thread=cem-for-states&continuation=forged.value"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            await AssertDescribedAsync(forged, "get", "/api/comments");
        }

        using (var vote = await site.Http.PostAsJsonAsync($"/api/comments/{id}/votes", new { direction = "up" }))
        {
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
            await AssertDescribedAsync(vote, "post", "/api/comments/{id}/votes");
        }

        using (var sideways = await site.Http.PostAsJsonAsync($"/api/comments/{id}/votes", new { direction = "sideways" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, sideways.StatusCode);
            await AssertDescribedAsync(sideways, "post", "/api/comments/{id}/votes");
        }
    }
}
