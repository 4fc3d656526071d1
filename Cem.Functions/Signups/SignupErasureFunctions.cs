using Cem.Core.Signups;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Signups;

/// <summary>The "delete my data" link of emails about a sign-up: the GET says what will be deleted, the POST deletes.</summary>
public sealed class SignupErasureFunctions(SignupErasure erasure)
{
    [Function(nameof(DeleteSignupDataPage))]
    public Task<IActionResult> DeleteSignupDataPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "delete-my-data/signup")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, erasure, (preview, token) => preview.Subject!.Status == SignupStatus.Approved
            ? DeleteMyDataPage.Render(preview.Message, erasure.ApiPath, token, $"The listing of {preview.Subject.Jurisdiction.Name}",
                [("keep", $"Keep {preview.Subject.Jurisdiction.Name} listed; delete only my details", true),
                 (SignupErasure.WithdrawChoice, $"Also withdraw the listing of {preview.Subject.Jurisdiction.Name}", false)])
            : DeleteMyDataPage.Render(preview.Message, erasure.ApiPath, token), cancellationToken);

    [Function(nameof(DeleteSignupData))]
    public Task<IActionResult> DeleteSignupData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/delete-my-data/signup")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, erasure, cancellationToken);
}
