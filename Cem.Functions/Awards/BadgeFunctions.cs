using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cem.Core;
using Cem.Core.Awards;
using Cem.Core.Editions;
using Cem.Core.Jurisdictions;
using Cem.Core.Metrics;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Awards;

/// <summary>
/// The public side of the awards: the criteria, each issued award's verification page and downloads, the list by
/// state, CEM's public key as a JWK Set and the revocation status list. Nothing here changes anything.
/// </summary>
public sealed class BadgeFunctions(AwardService awards, BadgeSigner signer, EditionStore editions, EditionRecognition recognition, IOptions<MetricsOptions> metrics, IOptions<CemOptions> site)
{
    /// <summary>The criteria of the current edition, or with <c>?year=</c> of an edition up to it (the ones awards were or will be given for).</summary>
    [Function(nameof(BadgeCriteria))]
    public async Task<IActionResult> BadgeCriteria(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "badges")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var current = await editions.CurrentAsync(cancellationToken);
        var asked = request.Query["year"];
        if (asked.Count == 0)
        {
            return Responses.Html(StatusCodes.Status200OK, CriteriaPage.Render(recognition.Of(current), current.Year, site.Value.Link("/badges")));
        }

        if (asked.Count > 1 || !EditionRules.TryParseYear(asked.ToString(), out var year) || year > current.Year)
        {
            var message = $"The year of an edition, from {EditionRules.FirstYear} to {current.Year.ToString(CultureInfo.InvariantCulture)}.";
            return Responses.WantsHtml(request)
                ? Responses.Html(StatusCodes.Status400BadRequest, MessagePage.Render("No such edition", message))
                : Responses.Problem(StatusCodes.Status400BadRequest, "No such edition", null, new Dictionary<string, string[]> { ["year"] = [message] });
        }

        var edition = year == current.Year ? current : await editions.GetAsync(year, cancellationToken);
        return Responses.Html(StatusCodes.Status200OK, CriteriaPage.Render(recognition.Of(edition), year, site.Value.Link("/badges?year=" + year.ToString(CultureInfo.InvariantCulture))));
    }

    [Function(nameof(ListAwards))]
    public async Task<IActionResult> ListAwards(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/awards")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var state = request.Query["state"].ToString();
        string? code = null;
        if (state.Length > 0)
        {
            if (state.Length != 2 || !Jurisdiction.TryFind(state.ToUpperInvariant(), out var jurisdiction))
            {
                return Responses.Problem(StatusCodes.Status400BadRequest, "No such jurisdiction", null, new Dictionary<string, string[]> { ["state"] = ["Give a state's two-letter code, such as OH."] });
            }

            code = jurisdiction.Code;
        }

        var list = await awards.PublicAsync(code, cancellationToken);
        return Responses.JsonBody(StatusCodes.Status200OK, list.Select(a => AwardJson.Public(a, site.Value)));
    }

    [Function(nameof(BadgePage))]
    public async Task<IActionResult> BadgePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "badges/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var award = AwardId.TryParse(id, out _) ? await awards.FindPublicAsync(id, cancellationToken) : null;
        if (award is null)
        {
            return Responses.Html(StatusCodes.Status404NotFound, MessagePage.Render("Badge not found", "CEM has issued no badge with this address."));
        }

        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        var evidence = Evidence(award);
        return Responses.Html(StatusCodes.Status200OK, Awards.BadgePage.Render(award, BadgeLevels.Of(award.Level, await recognition.OfYearAsync(award.Year, cancellationToken)), awards.Verify(award), evidence, site.Value.Link(OpenBadgeCredentials.PagePath(award.Id))));
    }

    /// <summary>The downloads: <c>credential.json</c>, <c>credential.jwt</c>, <c>badge.png</c> and <c>badge.svg</c> (both baked with the JWT).</summary>
    [Function(nameof(BadgeDownload))]
    public async Task<IActionResult> BadgeDownload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "badges/{id}/{file}")] HttpRequest request,
        string id,
        string file,
        CancellationToken cancellationToken)
    {
        if (file is not ("credential.json" or "credential.jwt" or "badge.png" or "badge.svg"))
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "No such download", null, new Dictionary<string, string[]> { ["file"] = ["The downloads are credential.json, credential.jwt, badge.png and badge.svg."] });
        }

        var award = AwardId.TryParse(id, out _) ? await awards.FindPublicAsync(id, cancellationToken) : null;
        if (award is null)
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "Badge not found", null, new Dictionary<string, string[]> { ["id"] = ["CEM has issued no badge with this id."] });
        }

        var level = BadgeLevels.Of(award.Level, await recognition.OfYearAsync(award.Year, cancellationToken));
        var name = $"cem-{award.Id.ToLowerInvariant()}-{award.Level}";
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        return file switch
        {
            "credential.json" => new ContentResult { StatusCode = 200, ContentType = "application/json; charset=utf-8", Content = award.Credential },
            "credential.jwt" => new ContentResult { StatusCode = 200, ContentType = "application/vc+jwt", Content = award.Jwt },
            "badge.png" => new FileContentResult(BadgeImages.BakePng(BadgeImages.Png(level), award.Jwt!), "image/png") { FileDownloadName = name + ".png" },
            _ => new FileContentResult(Encoding.UTF8.GetBytes(BadgeImages.Svg(level, $"{level.Name} {award.Year}: {award.SubjectName}", award.Jwt)), "image/svg+xml") { FileDownloadName = name + ".svg" },
        };
    }

    /// <summary>A level's badge image, unbaked: the achievement's image in every credential.</summary>
    [Function(nameof(BadgeImage))]
    public IActionResult BadgeImage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "badge-images/{level}.png")] HttpRequest request,
        string level)
    {
        if (!BadgeLevels.Awarded.Contains(level))
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "No such level", null, new Dictionary<string, string[]> { ["level"] = ["The levels are participant, connected and champion."] });
        }

        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        // The image of a level is the same in every edition: it shows no criteria, so the default thresholds do.
        return new FileContentResult(BadgeImages.Png(BadgeLevels.Of(level, metrics.Value.Recognition.Defaults)), "image/png");
    }

    /// <summary>CEM's public signing key, for anyone checking a credential's signature; the key id of each JWT leads here.</summary>
    [Function(nameof(Jwks))]
    public IActionResult Jwks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/jwks.json")] HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        return new ContentResult { StatusCode = 200, ContentType = "application/json; charset=utf-8", Content = signer.Jwks().ToJsonString() };
    }

    /// <summary>
    /// The revocation list every credential's <c>credentialStatus</c> points at, signed as a VC-JWT
    /// (<c>application/vc+jwt</c>); a request that asks for JSON and not the JWT gets the credential unsigned, to read.
    /// Short-lived in caches, so a revocation shows within minutes.
    /// </summary>
    [Function(nameof(AwardStatusList))]
    public async Task<IActionResult> AwardStatusList(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status-lists/awards")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var list = await awards.SignedStatusListAsync(cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = $"public, max-age={(int)StatusList.TimeToLive.TotalSeconds}";
        request.HttpContext.Response.Headers.Vary = "Accept";
        var accept = request.Headers.Accept.ToString();
        var wantsJson = accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("application/vc+jwt", StringComparison.OrdinalIgnoreCase);
        return list.Jwt is null || wantsJson
            ? new ContentResult { StatusCode = 200, ContentType = "application/json; charset=utf-8", Content = list.Credential.ToJsonString() }
            : new ContentResult { StatusCode = 200, ContentType = "application/vc+jwt", Content = list.Jwt };
    }

    private static string Evidence(Award award)
    {
        try
        {
            return (string?)JsonNode.Parse(award.Credential ?? "null")?["evidence"]?[0]?["narrative"] ?? "";
        }
        catch (System.Text.Json.JsonException)
        {
            return "";
        }
    }
}
