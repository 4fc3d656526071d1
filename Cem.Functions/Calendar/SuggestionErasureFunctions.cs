using Cem.Core.Calendar;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Calendar;

/// <summary>The "delete my data" link of the suggester's emails: the GET says what will be deleted, the POST deletes.</summary>
public sealed class SuggestionErasureFunctions(SuggestionErasure erasure)
{
    [Function(nameof(DeleteSuggestionDataPage))]
    public Task<IActionResult> DeleteSuggestionDataPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "delete-my-data/suggestion")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, erasure, (preview, token) => DeleteMyDataPage.Render(preview.Message, erasure.ApiPath, token), cancellationToken);

    [Function(nameof(DeleteSuggestionData))]
    public Task<IActionResult> DeleteSuggestionData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/delete-my-data/suggestion")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, erasure, cancellationToken);
}
