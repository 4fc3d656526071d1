using Cem.Core.Links;
using Cem.Core.PressKits;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.PressKits;

/// <summary>The state contact's side: download a kit through its signed link, and ask for a fresh one.</summary>
public sealed class PressKitFunctions(PressKitService pressKits, PressKitRequestLink requestLink)
{
    /// <summary>Streams the zip. Downloading changes nothing, so a GET is right; the container itself is private.</summary>
    [Function(nameof(DownloadPressKit))]
    public async Task<IActionResult> DownloadPressKit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/press-kits/download")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var download = await pressKits.OpenDownloadAsync(request.Query["token"].ToString(), cancellationToken);
        if (!download.Link.IsValid)
        {
            return Answer(request, LinkOutcome.InvalidLink, download.Link, download.Link.Explanation);
        }

        if (download.Content is null)
        {
            return Answer(request, LinkOutcome.NotFound, download.Link, "This press kit no longer exists. Ask for a new one.");
        }

        request.HttpContext.Response.Headers.CacheControl = "private, no-store";
        return new FileStreamResult(download.Content, "application/zip") { FileDownloadName = download.FileName };
    }

    private static IActionResult Answer(HttpRequest request, LinkOutcome outcome, LinkCheck link, string message) =>
        LinkResponses.Answer(request, outcome, link, message, "Download the press kit", "Press kit not found", new Dictionary<string, object?>());

    [Function(nameof(PressKitRequestPage))]
    public Task<IActionResult> PressKitRequestPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "press-kits/request")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, requestLink, (preview, token) => PressKitPages.Request(preview.Subject!, token), cancellationToken);

    [Function(nameof(RequestPressKit))]
    public Task<IActionResult> RequestPressKit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/press-kits/request")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, requestLink, cancellationToken);
}
