using Cem.Core.Signups;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Signups;

/// <summary>The link in the "confirm your address" email: the GET shows a button, the POST confirms.</summary>
public sealed class AddressConfirmationFunctions(AddressConfirmation confirmation)
{
    [Function("ConfirmAddressPage")]
    public async Task<IActionResult> Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signups/confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        string token = request.Query["token"].ToString();
        var result = await confirmation.PreviewAsync(token, cancellationToken);
        return LinkResponses.Answer(request, result, "Confirm your email address", () => LinkPages.Confirm(result.Signup!, token));
    }

    [Function("ConfirmAddress")]
    public async Task<IActionResult> Confirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/signups/confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, form => new LinkForm { Token = form.Field("token") }, cancellationToken, 8 * 1024);
        if (body.Error is not null)
        {
            return body.Error;
        }

        return LinkResponses.Answer(request, await confirmation.ConfirmAsync(body.Value!.Token, cancellationToken), "Email address confirmed");
    }
}
