using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Signups;

/// <summary>Bad input gets a clear 4xx naming the field, and nothing is stored.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SignupInputTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("{\"jurisdiction\":", "body")]
    [InlineData("[1,2,3]", "body")]
    [InlineData("{\"consent\":\"yes\"}", "consent")]
    [InlineData("{\"activities\":\"press-release\"}", "activities")]
    [InlineData("{\"email\":{\"$ne\":null}}", "email")]
    [InlineData("{\"jurisdiction\":\"OH' or PartitionKey ne '\",\"consent\":true}", "jurisdiction")]
    public async Task Malformed_json_is_a_400_problem_naming_the_field_and_stores_nothing(string body, string field)
    {
        await using var site = await CemSite.StartAsync(azurite);

        using var response = await site.Http.PostAsync("/api/signups", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}'");
        Assert.Empty(await StoredRowsAsync(site));
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413_and_another_media_type_is_415()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var huge = JsonSerializer.Serialize(new { organizationName = new string('a', 70 * 1024) });

        using var tooLarge = await site.Http.PostAsync("/api/signups", new StringContent(huge, Encoding.UTF8, "application/json"));
        using var wrongType = await site.Http.PostAsync("/api/signups", new StringContent("<signup/>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Contains("Content-Type", await wrongType.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await StoredRowsAsync(site));
    }

    [Fact]
    public async Task The_same_address_and_jurisdiction_while_pending_keeps_one_sign_up()
    {
        await using var site = await CemSite.StartAsync(azurite);

        var first = await site.SignUpAsync(CemSite.SignupBody("OH", "pat@education.ohio.gov"));
        using var again = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody("OH", "PAT@education.ohio.gov"));
        var otherState = await site.SignUpAsync(CemSite.SignupBody("KY", "pat@education.ohio.gov"));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        using var answer = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.False(answer.RootElement.GetProperty("created").GetBoolean());
        Assert.NotEqual(first, otherState);
        Assert.Single(await StoredRowsAsync(site), r => r.PartitionKey == "OH" && Ulid.TryParse(r.RowKey, out _));
        Assert.Single(await site.EmailsAsync("pat@education.ohio.gov", "We received your sign-up for Ohio"));
    }

    [Fact]
    public async Task Concurrent_identical_sign_ups_create_one()
    {
        await using var site = await CemSite.StartAsync(azurite);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody("OR", "lee@ode.state.or.us"))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Single(answers, a => a.Headers.Location is not null);
        Assert.Single(await StoredRowsAsync(site), r => r.PartitionKey == "OR" && Ulid.TryParse(r.RowKey, out _));
        Array.ForEach(answers, a => a.Dispose());
    }

    [Fact]
    public async Task A_form_post_redirects_to_the_thank_you_page()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site.BaseAddress };

        using var response = await client.PostAsync("/api/signups", new FormUrlEncodedContent(
        [
            new("jurisdiction", "VT"), new("organizationName", "Vermont Agency of Education"), new("organizationType", "sea"),
            new("contactName", "Sam Lee"), new("contactTitle", "Coordinator"), new("email", "sam.lee@vermont.gov"),
            new("activities", "recognition"), new("activities", "state-data"), new("consent", "true"),
        ]));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("/signup/thanks?id=VT-", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_form_post_shows_the_form_again_with_errors_and_the_values()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/signups")
        {
            Content = new FormUrlEncodedContent([new("jurisdiction", "VT"), new("organizationName", "<b>Vermont</b>"), new("email", "nope")]),
        };
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await site.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("There is a problem", html, StringComparison.Ordinal);
        Assert.Contains("Enter an email address like name@agency.gov.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&lt;b&gt;Vermont&lt;/b&gt;\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Vermont</b>", html, StringComparison.Ordinal);
        Assert.Empty(await StoredRowsAsync(site));
    }

    [Fact]
    public async Task A_form_post_that_asks_for_json_gets_problem_json_and_a_browser_form_post_gets_the_page()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var fields = new Dictionary<string, string> { ["jurisdiction"] = "OH", ["organizationName"] = "" };

        using var apiRequest = new HttpRequestMessage(HttpMethod.Post, "/api/signups") { Content = new FormUrlEncodedContent(fields) };
        apiRequest.Headers.Accept.ParseAdd("application/json");
        using var api = await site.Http.SendAsync(apiRequest);
        using var browser = await site.PressAsync("/api/signups", fields);

        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        using (var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync()))
        {
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("organizationName", out _));
        }

        Assert.Equal(HttpStatusCode.BadRequest, browser.StatusCode);
        Assert.Equal("text/html", browser.Content.Headers.ContentType!.MediaType);
    }

    /// <param name="jsonValue">The field's value as JSON text, escapes and all, so an unpaired surrogate arrives as sent.</param>
    [Theory]
    [InlineData("organizationName", @"""Ohio \u202Eeludom\u202C Department""")]  // right-to-left override: reorders what follows
    [InlineData("contactName", @"""Pat\u2066 Smith""")]                          // left-to-right isolate
    [InlineData("contactTitle", @"""Dire\u200Bctor""")]                           // zero-width space: a look-alike
    [InlineData("organizationName", @"""Ohio \uFFFF Department""")]               // a non-character
    [InlineData("contactName", @"""Pat \uD800 Smith""")]                          // an unpaired surrogate
    public async Task Invisible_reordering_or_unassigned_characters_are_a_400_naming_the_field_and_store_nothing(string field, string jsonValue)
    {
        await using var site = await CemSite.StartAsync(azurite);
        var body = JsonSerializer.SerializeToNode(CemSite.SignupBody("OH", "pat@education.ohio.gov"))!.AsObject();
        body[field] = "VALUE";
        var json = body.ToJsonString().Replace("\"VALUE\"", jsonValue, StringComparison.Ordinal);

        using var response = await site.Http.PostAsync("/api/signups", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}'");
        Assert.Empty(await StoredRowsAsync(site));
    }

    [Fact]
    public async Task A_sign_up_status_never_shows_contact_details()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var id = await site.SignUpAsync(CemSite.SignupBody("OH", "pat@education.ohio.gov"));

        var status = await site.Http.GetStringAsync($"/api/signups/{id}");
        using var notFound = await site.Http.GetAsync("/api/signups/OH-01JD3K5V7Q8R9S0T1V2W3X4Y5Z");
        using var malformed = await site.Http.GetAsync("/api/signups/<script>");

        Assert.Contains("pending-confirmation", status, StringComparison.Ordinal);
        Assert.DoesNotContain("@", status, StringComparison.Ordinal);
        Assert.DoesNotContain("Pat", status, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    private static async Task<List<TableEntity>> StoredRowsAsync(CemSite site)
    {
        var table = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.SignupsTable);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            // The public list's version row is written at start-up; it is no record of a request.
            if (!(row.PartitionKey == PublicList.Partition && row.RowKey == PublicList.VersionRow))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}
