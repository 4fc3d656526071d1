using Cem.Core.Approvals;
using Cem.Core.Text;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Approvals;

/// <summary>The Approve and Reject links in a staff member's approval request.</summary>
public sealed class ApprovalFunctions(ApprovalService approvals)
{
    [Function("ApprovePage")]
    public Task<IActionResult> ApprovePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signups/approve")] HttpRequest request,
        CancellationToken cancellationToken) => PageAsync(request, Decision.Approve, cancellationToken);

    [Function("RejectPage")]
    public Task<IActionResult> RejectPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signups/reject")] HttpRequest request,
        CancellationToken cancellationToken) => PageAsync(request, Decision.Reject, cancellationToken);

    [Function("ApproveSignup")]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/signups/approve")] HttpRequest request,
        CancellationToken cancellationToken) => DecideAsync(request, Decision.Approve, cancellationToken);

    [Function("RejectSignup")]
    public Task<IActionResult> Reject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/signups/reject")] HttpRequest request,
        CancellationToken cancellationToken) => DecideAsync(request, Decision.Reject, cancellationToken);

    private async Task<IActionResult> PageAsync(HttpRequest request, Decision decision, CancellationToken cancellationToken)
    {
        string token = request.Query["token"].ToString();
        var result = await approvals.PreviewAsync(token, decision, cancellationToken);
        return LinkResponses.Answer(request, result, decision == Decision.Approve ? "Approve sign-up" : "Reject sign-up",
            () => LinkPages.Decide(result.Signup!, token, decision));
    }

    private async Task<IActionResult> DecideAsync(HttpRequest request, Decision decision, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, form => new LinkForm { Token = form.Field("token"), Reason = form.Field("reason") }, cancellationToken, 16 * 1024);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var errors = new ValidationErrors();
        var reason = Fields.Optional(errors, "reason", "Reason", body.Value!.Reason?.ReplaceLineEndings(" "), ApprovalService.MaxReasonLength);
        if (!errors.IsEmpty)
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "The reason has errors", null, errors.ToDictionary());
        }

        var result = await approvals.DecideAsync(body.Value.Token, decision, reason, cancellationToken);
        return LinkResponses.Answer(request, result, decision == Decision.Approve ? "Sign-up approved" : "Sign-up rejected");
    }
}
