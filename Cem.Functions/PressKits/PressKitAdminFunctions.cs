using Cem.Core.Jurisdictions;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.PressKits;

/// <summary>Staff endpoints (function key): ask for a state's kit, list a jurisdiction's kits.</summary>
public sealed class PressKitAdminFunctions(PressKitRequests requests, PressKitService pressKits)
{
    [Function(nameof(RequestPressKitByStaff))]
    public async Task<IActionResult> RequestPressKitByStaff(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/press-kits/{signupId}")] HttpRequest request,
        string signupId,
        CancellationToken cancellationToken)
    {
        if (!SignupId.TryParse(signupId, out var id))
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "Malformed sign-up id", null, new Dictionary<string, string[]> { ["signupId"] = ["Not a sign-up id."] });
        }

        switch (await requests.RequestByStaffAsync(id, cancellationToken))
        {
            case StaffRequestOutcome.NotFound:
                return Responses.Problem(StatusCodes.Status404NotFound, "Sign-up not found", null, new Dictionary<string, string[]> { ["signupId"] = ["No sign-up has this id."] });
            case StaffRequestOutcome.NotApproved:
                return Responses.Problem(StatusCodes.Status409Conflict, "Sign-up not approved", "Press kits are only prepared for approved sign-ups.",
                    new Dictionary<string, string[]> { ["signupId"] = ["This sign-up is not approved."] });
            default:
                var listUrl = $"/api/admin/press-kits?jurisdiction={id.Jurisdiction}";
                request.HttpContext.Response.Headers.Location = listUrl;
                return Responses.JsonBody(StatusCodes.Status202Accepted, new { signupId = id.ToString(), status = "queued", listUrl });
        }
    }

    [Function(nameof(ListPressKits))]
    public async Task<IActionResult> ListPressKits(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/admin/press-kits")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Jurisdiction.TryFind(request.Query["jurisdiction"].ToString(), out var jurisdiction))
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "Unknown jurisdiction", "Give a two-letter jurisdiction code, e.g. ?jurisdiction=OH.",
                new Dictionary<string, string[]> { ["jurisdiction"] = ["Not a known two-letter jurisdiction code."] });
        }

        var versions = await pressKits.ListAsync(jurisdiction.Code, cancellationToken);
        return Responses.JsonBody(StatusCodes.Status200OK, new
        {
            jurisdiction = jurisdiction.Code,
            versions = versions.Select(v => new { signupId = v.SignupId, version = v.Version, createdAt = v.CreatedAt, size = v.Size, contentHash = v.ContentHash }),
        });
    }
}
