using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;

namespace Cem.Tests.Http;

/// <summary>
/// Every HTTP function, read from functions.metadata, gets malformed, oversized, hostile and forged
/// input: each answer is a 4xx (or a harmless 2xx/3xx), never a 5xx.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class HostileInputTests(AzuriteFixture azurite)
{
    private static readonly string[] RouteValues =
    [
        "<script>alert(1)</script>", "' or PartitionKey ne '", "..%2F..%2Fhost.json", "%00", new string('9', 2000),
        "OH-00000000000000000000000000", "\u202Egnp.exe", "-1", "99999999999999999999",
    ];

    private static readonly string[] QueryValues =
    [
        "", "garbage", "a.b", "YWJj.YWJj", "%FF%FE", "<script>", "' or 1 eq 1 or '", new string('A', 5000), "..%2F..%2F",
    ];

    private static readonly string[] QueryNames = ["token", "thread", "continuation", "jurisdiction", "id", "direction", "name", "state", "from", "updatedSince"];

    private static IEnumerable<(string Method, string Route, bool NeedsKey)> HttpFunctions()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();
        foreach (var binding in metadata.SelectMany(f => f!["bindings"]!.AsArray()).Where(b => (string?)b!["type"] == "httpTrigger"))
        {
            foreach (var method in binding!["methods"]!.AsArray())
            {
                yield return (((string)method!).ToUpperInvariant(), (string)binding["route"]!, (string?)binding["authLevel"] != "Anonymous");
            }
        }
    }

    private static IEnumerable<HttpContent?> Bodies()
    {
        yield return null;
        yield return new StringContent("{", Encoding.UTF8, "application/json");
        yield return new StringContent("null", Encoding.UTF8, "application/json");
        yield return new StringContent("[1,2]", Encoding.UTF8, "application/json");
        yield return new StringContent(new string('[', 5000) + new string(']', 5000), Encoding.UTF8, "application/json");
        yield return new StringContent("""{"token":{"$ne":null},"direction":["up"],"thread":1e999,"body":null,"reason":"\u0000","url2":["x"]}""", Encoding.UTF8, "application/json");
        yield return new StringContent("""{"token":"YWJj.YWJj","direction":"sideways","thread":"../../x","answer":"NaN"}""", Encoding.UTF8, "application/json");
        yield return new StringContent("{\"organizationName\":\"" + new string('x', 70 * 1024) + "\"}", Encoding.UTF8, "application/json");
        yield return new StringContent("token=%FF%FE%00&reason=" + new string('r', 3000) + "&direction=up&direction=down&url2=%00&url2=x", Encoding.UTF8, "application/x-www-form-urlencoded");
        yield return new ByteArrayContent([0xFF, 0xFE, 0x00, 0xC3]) { Headers = { { "Content-Type", "application/x-www-form-urlencoded" } } };
        yield return new StringContent("<xml/>", Encoding.UTF8, "application/xml");
        yield return new StringContent("token=abc", Encoding.UTF8, "multipart/form-data");
    }

    [Fact]
    public async Task No_endpoint_answers_hostile_input_with_a_server_error()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await SweepAsync(site, site.Http, sameOrigin: false);
    }

    /// <summary>The same sweep signed in as staff, from the site's own pages, so it reaches past the session and origin checks.</summary>
    [Fact]
    public async Task No_endpoint_answers_hostile_input_from_a_signed_in_staff_member_with_a_server_error()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        await SweepAsync(site, staff, sameOrigin: true);

        // The whole sweep ran signed in: the session is still a staff one at the end.
        Assert.Contains("\"staff\"", await staff.GetStringAsync("/api/me"), StringComparison.Ordinal);
    }

    private static async Task SweepAsync(CemSite site, HttpClient client, bool sameOrigin)
    {
        var functions = HttpFunctions().ToList();
        Assert.True(functions.Count >= 20, "functions.metadata should list the app's HTTP functions");
        var failures = new List<string>();
        var requests = 0;

        foreach (var (method, route, needsKey) in functions)
        {
            // Signing out mid-sweep would leave the rest of it anonymous.
            if (sameOrigin && route == "api/sign-out")
            {
                continue;
            }

            foreach (var routeValue in RouteValues)
            {
                var path = "/" + RouteParameter().Replace(route, routeValue.Contains('%', StringComparison.Ordinal) ? routeValue : Uri.EscapeDataString(routeValue));
                foreach (var (queryName, queryValue) in QueryNames.Zip(QueryValues.Take(QueryNames.Length)).Append(("token", QueryValues[^1])))
                {
                    var url = $"{path}?{queryName}={(queryValue.Contains('%', StringComparison.Ordinal) ? queryValue : Uri.EscapeDataString(queryValue))}";
                    if (needsKey)
                    {
                        url += "&code=" + Uri.EscapeDataString(site.FunctionKey);
                    }

                    foreach (var body in method == "GET" ? [null] : Bodies())
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = body };
                        if (sameOrigin)
                        {
                            request.Headers.Add("Sec-Fetch-Site", "same-origin");
                        }

                        using var response = await client.SendAsync(request);
                        requests++;
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{method} {url[..Math.Min(url.Length, 120)]} [{body?.Headers.ContentType}] -> {(int)response.StatusCode}");
                        }
                    }

                    // One query variant per route value keeps the sweep to a few thousand requests.
                    if (method == "POST")
                    {
                        break;
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests got a 5xx:\n" + string.Join('\n', failures.Take(30)));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
