using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Cem.Core.Editions;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.StaffConsole;

/// <summary>Staff edit the current edition from the console, through the DevHost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class EditionEditingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Staff_save_the_edition_from_the_console_and_the_current_edition_says_so()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var year = (await CurrentAsync(site)).GetProperty("year").GetInt32();
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        var console = await PageAsync(staff, "/staff");
        Assert.Contains($"action=\"/api/staff/editions/{year}\"", console, StringComparison.Ordinal);
        var version = VersionIn(console);

        using (var saved = await FormPostAsync(staff, year, Fields(year, version, themes: "AI in the classroom\nStudent voice, Family engagement")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
            Assert.EndsWith("/staff#edition", saved.Headers.Location!.ToString(), StringComparison.Ordinal);
            await AssertDescribedAsync(saved, "post", "/api/staff/editions/{year}");
        }

        var current = await CurrentAsync(site);
        Assert.Equal($"{year}-10-04", current.GetProperty("starts").GetString());
        Assert.Equal($"{year}-11-07", current.GetProperty("submissionsClose").GetString());
        Assert.Equal("#CEMtest", current.GetProperty("hashtag").GetString());
        Assert.Equal(["AI in the classroom", "Student voice", "Family engagement"], current.GetProperty("themes").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("Family engagement", await PageAsync(staff, "/staff"), StringComparison.Ordinal);

        // The change is recorded with the staff member's address, next to the edition.
        var changes = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.EditionsTable)
            .QueryAsync<TableEntity>(e => e.PartitionKey == "edition" && e.RowKey.CompareTo($"{year}-change-") > 0 && e.RowKey.CompareTo($"{year}-change.") < 0);
        Assert.Equal(CemSite.StaffA, Assert.Single(await changes.ToListAsync()).GetString("Actor"));

        // A second staff member's form, shown before the save, does not overwrite it.
        using (var stale = await FormPostAsync(staff, year, Fields(year, version, themes: "Overwritten")))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            await AssertDescribedAsync(stale, "post", "/api/staff/editions/{year}");
        }

        Assert.Equal("AI in the classroom", (await CurrentAsync(site)).GetProperty("themes")[0].GetString());

        // A JSON client sends the themes as a list and gets the edition back.
        using var json = await staff.PostAsJsonAsync($"/api/staff/editions/{year}", new
        {
            starts = $"{year}-10-01", ends = $"{year}-10-31", submissionsOpen = $"{year}-08-01", submissionsClose = $"{year}-10-31", hashtag = "#CEM", themes = new[] { "Open educational resources" },
        });
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var body = (await AssertDescribedAsync(json, "post", "/api/staff/editions/{year}"))!.Value;
        Assert.Equal("#CEM", body.GetProperty("hashtag").GetString());
        Assert.Equal("#CEM", (await CurrentAsync(site)).GetProperty("hashtag").GetString());
    }

    [Fact]
    public async Task Only_staff_from_the_site_s_own_pages_may_save_an_edition()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var year = (await CurrentAsync(site)).GetProperty("year").GetInt32();
        var valid = Fields(year, "", themes: "Hijacked");

        using (var anonymous = await site.NewClient().PostAsync($"/api/staff/editions/{year}", new FormUrlEncodedContent(valid)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            await AssertDescribedAsync(anonymous, "post", "/api/staff/editions/{year}");
        }

        await site.ApproveStateAsync();
        using (var ohio = await site.SignedInClientAsync(SessionSite.OhioContact))
        {
            using var state = await ohio.PostAsJsonAsync($"/api/staff/editions/{year}", valid);
            Assert.Equal(HttpStatusCode.Forbidden, state.StatusCode);
            await AssertDescribedAsync(state, "post", "/api/staff/editions/{year}");
        }

        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/editions/{year}") { Content = new FormUrlEncodedContent(valid) })
        {
            crossSite.Headers.Add("Origin", "https://attacker.example");
            using var refused = await staff.SendAsync(crossSite);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.DoesNotContain("Hijacked", (await CurrentAsync(site)).GetProperty("themes").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Bad_dates_are_refused_naming_each_field_and_nothing_is_saved()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var before = await CurrentAsync(site);
        var year = before.GetProperty("year").GetInt32();
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);

        using (var badDates = await staff.PostAsJsonAsync($"/api/staff/editions/{year}", new
        {
            starts = $"{year}-13-01", ends = $"10/31/{year}", submissionsOpen = $"{year}-08-01", submissionsClose = $"{year}-10-31", hashtag = "#CEM", themes = "Student voice",
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badDates.StatusCode);
            var errors = (await AssertDescribedAsync(badDates, "post", "/api/staff/editions/{year}"))!.Value.GetProperty("errors");
            Assert.Equal(["ends", "starts"], errors.EnumerateObject().Select(e => e.Name).Order());
        }

        // Dates that parse but do not fit together, a hashtag with a space, too many themes.
        using (var badRules = await staff.PostAsJsonAsync($"/api/staff/editions/{year}", new
        {
            starts = $"{year}-09-01", ends = $"{year}-12-31", submissionsOpen = $"{year}-08-01", submissionsClose = $"{year + 1}-01-05", hashtag = "#CEM 27",
            themes = Enumerable.Range(1, 13).Select(i => $"Theme {i}").ToArray(),
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badRules.StatusCode);
            var errors = (await AssertDescribedAsync(badRules, "post", "/api/staff/editions/{year}"))!.Value.GetProperty("errors");
            Assert.Equal(["ends", "hashtag", "submissionsClose", "themes"], errors.EnumerateObject().Select(e => e.Name).Order());
        }

        // A browser gets the console back with the errors and what was typed.
        var fields = Fields(year, "", themes: "Student voice");
        fields["submissionsClose"] = $"{year}-12-01";
        using (var page = await FormPostAsync(staff, year, fields))
        {
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Submissions must close by the last day.", html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{year}-12-01\"", html, StringComparison.Ordinal);
        }

        Assert.Equal(before.GetRawText(), (await CurrentAsync(site)).GetRawText());
    }

    [Fact]
    public async Task The_criteria_of_an_edition_that_has_begun_cannot_change_and_nothing_is_written()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var last = (await CurrentAsync(site)).GetProperty("year").GetInt32() - 1; // ended: it has begun, whatever today is
        var editions = site.Services.GetRequiredService<EditionStore>();
        await editions.SaveAsync(Edition.Default(last) with { Recognition = new RecognitionThresholds(4, 2) }, CancellationToken.None);
        var table = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.EditionsTable);
        var before = await RowsAsync(table, last);
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);

        using (var changed = await staff.PostAsJsonAsync($"/api/staff/editions/{last}", Body(last, "#CEMlate", events: 5, districts: 2)))
        {
            Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
            var errors = (await AssertDescribedAsync(changed, "post", "/api/staff/editions/{year}"))!.Value.GetProperty("errors");
            Assert.Equal(["championEvents"], errors.EnumerateObject().Select(e => e.Name));
        }

        // An edition that has begun with the deployment's defaults cannot be given thresholds of its own either.
        using (var pinned = await staff.PostAsJsonAsync($"/api/staff/editions/{last - 1}", Body(last - 1, "#CEMlate", events: 3, districts: 9)))
        {
            Assert.Equal(HttpStatusCode.Conflict, pinned.StatusCode);
            var errors = (await AssertDescribedAsync(pinned, "post", "/api/staff/editions/{year}"))!.Value.GetProperty("errors");
            Assert.Equal(["championDistricts", "championEvents"], errors.EnumerateObject().Select(e => e.Name).Order());
        }

        Assert.Equal(before, await RowsAsync(table, last));
        Assert.Empty(await RowsAsync(table, last - 1));
        Assert.Equal(new RecognitionThresholds(4, 2), (await editions.GetAsync(last, CancellationToken.None)).Recognition);

        // Its other fields keep their rules: saved with the same thresholds, or without any (they stay as they are).
        using (var same = await staff.PostAsJsonAsync($"/api/staff/editions/{last}", Body(last, "#CEMsame", events: 4, districts: 2)))
        {
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        }

        using (var without = await staff.PostAsJsonAsync($"/api/staff/editions/{last}", Body(last, "#CEMwithout", events: null, districts: null)))
        {
            Assert.Equal(HttpStatusCode.OK, without.StatusCode);
            var body = (await AssertDescribedAsync(without, "post", "/api/staff/editions/{year}"))!.Value;
            Assert.Equal(4, body.GetProperty("recognition").GetProperty("championEvents").GetInt32());
        }

        var saved = await editions.GetAsync(last, CancellationToken.None);
        Assert.Equal(("#CEMwithout", new RecognitionThresholds(4, 2)), (saved.Hashtag, saved.Recognition));
    }

    [Fact]
    public async Task Bad_thresholds_are_refused_naming_the_field_and_nothing_is_saved()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var before = await CurrentAsync(site);
        var year = before.GetProperty("year").GetInt32();
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);

        foreach (var (events, districts, field) in new (object?, object?, string)[]
        {
            (0, 2, "championEvents"), (3, 1001, "championDistricts"), ("2.5", 2, "championEvents"), (2.5, 2, "championEvents"), ("three", 2, "championEvents"),
            (" -1", 2, "championEvents"), (3, null, "championDistricts"), (null, "1e3", "championDistricts"), (true, 2, "championEvents"), (3, new[] { 2 }, "championDistricts"),
            (3, 99999999999, "championDistricts"),
        })
        {
            using var refused = await staff.PostAsJsonAsync($"/api/staff/editions/{year}", Body(year, "#CEMbad", events, districts));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var errors = (await AssertDescribedAsync(refused, "post", "/api/staff/editions/{year}"))!.Value.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var _), $"{events}/{districts}: {errors}");
        }

        // A browser gets the console back with the message beside the field.
        var fields = Fields(year, "", themes: "Student voice");
        (fields["championEvents"], fields["championDistricts"]) = ("0", "2");
        using (var page = await FormPostAsync(staff, year, fields))
        {
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.Contains("The events a Champion needs must be a whole number from 1 to 1000.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before.GetRawText(), (await CurrentAsync(site)).GetRawText());
    }

    private static Dictionary<string, object?> Body(int year, string hashtag, object? events, object? districts)
    {
        var body = new Dictionary<string, object?>
        {
            ["starts"] = $"{year}-10-01", ["ends"] = $"{year}-10-31", ["submissionsOpen"] = $"{year}-08-01", ["submissionsClose"] = $"{year}-10-31", ["hashtag"] = hashtag, ["themes"] = new[] { "Student voice" },
        };
        if (events is not null)
        {
            body["championEvents"] = events;
        }

        if (districts is not null)
        {
            body["championDistricts"] = districts;
        }

        return body;
    }

    /// <summary>The edition's row and its change rows, as text: what a refused save must leave as it was.</summary>
    private static async Task<List<string>> RowsAsync(TableClient table, int year)
    {
        var rows = await table.QueryAsync<TableEntity>(e => e.PartitionKey == EditionStore.Partition && e.RowKey.CompareTo($"{year}") >= 0 && e.RowKey.CompareTo($"{year}.") < 0).ToListAsync();
        return [.. rows.Select(r => r.RowKey + " " + r.ETag + " " + string.Join(",", r.Where(p => p.Key is not ("odata.etag" or "Timestamp")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")))];
    }

    private static Dictionary<string, string> Fields(int year, string version, string themes) => new()
    {
        ["starts"] = $"{year}-10-04", ["ends"] = $"{year}-11-14", ["submissionsOpen"] = $"{year}-09-01", ["submissionsClose"] = $"{year}-11-07",
        ["hashtag"] = "#CEMtest", ["themes"] = themes, ["version"] = version,
    };

    private static async Task<HttpResponseMessage> FormPostAsync(HttpClient client, int year, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/editions/{year}") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> CurrentAsync(CemSite site)
    {
        using var client = site.NewClient();
        return JsonDocument.Parse(await client.GetStringAsync("/api/editions/current")).RootElement.Clone();
    }

    private static string VersionIn(string console) => WebUtility.HtmlDecode(VersionField().Match(console).Groups[1].Value);

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"version\" value=\"([^\"]*)\"")]
    private static partial Regex VersionField();
}
