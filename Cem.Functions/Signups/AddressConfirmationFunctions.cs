using Cem.Core.Clients;
using Cem.Core.Signups;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Signups;

/// <summary>The link in the "confirm your address" email: the GET shows a button, the POST confirms; an expired link's page can ask for a new one.</summary>
public sealed class AddressConfirmationFunctions(AddressConfirmation confirmation, NewLinkRequests newLinks)
{
    [Function(nameof(ConfirmAddressPage))]
    public Task<IActionResult> ConfirmAddressPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signups/confirm")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, confirmation, (preview, token) => LinkPages.Confirm(preview.Subject!, token), cancellationToken);

    [Function(nameof(ConfirmAddress))]
    public Task<IActionResult> ConfirmAddress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/signups/confirm")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, confirmation, cancellationToken);

    [Function(nameof(NewConfirmationLink))]
    public Task<IActionResult> NewConfirmationLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/signups/confirm/new-link")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.NewLinkAsync(request, confirmation, newLinks, cancellationToken);
}
