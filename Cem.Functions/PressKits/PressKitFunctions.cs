using Cem.Core.Links;
using Cem.Core.PressKits;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.PressKits;

/// <summary>The state contact's side: download a kit through its signed link, and ask for a fresh one.</summary>
public sealed class PressKitFunctions(PressKitService pressKits, PressKitRequests requests)
{
    /// <summary>Streams the zip. Downloading changes nothing, so a GET is right; the container itself is private.</summary>
    [Function("DownloadPressKit")]
    public async Task<IActionResult> Download(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/press-kits/download")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var download = await pressKits.OpenDownloadAsync(request.Query["token"].ToString(), cancellationToken);
        if (!download.Link.IsValid)
        {
            return LinkResponses.Answer(request, LinkActionResult.Invalid(download.Link), "Download the press kit");
        }

        if (download.Content is null)
        {
            return LinkResponses.Answer(request, new LinkActionResult(LinkOutcome.NotFound, "This press kit no longer exists. Ask for a new one.", download.Link), "Download the press kit");
        }

        request.HttpContext.Response.Headers.CacheControl = "private, no-store";
        return new FileStreamResult(download.Content, "application/zip") { FileDownloadName = download.FileName };
    }

    [Function("PressKitRequestPage")]
    public async Task<IActionResult> RequestPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "press-kits/request")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        string token = request.Query["token"].ToString();
        var result = await requests.PreviewAsync(token, cancellationToken);
        return LinkResponses.Answer(request, result, "Ask for a new press kit", () => PressKitPages.Request(result.Signup!, token));
    }

    [Function("RequestPressKit")]
    public async Task<IActionResult> Request(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/press-kits/request")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, form => new LinkForm { Token = form.Field("token") }, cancellationToken, 8 * 1024);
        if (body.Error is not null)
        {
            return body.Error;
        }

        return LinkResponses.Answer(request, await requests.RequestByLinkAsync(body.Value!.Token, cancellationToken), "New press kit on its way");
    }
}
