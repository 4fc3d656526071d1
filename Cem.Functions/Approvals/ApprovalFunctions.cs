using Cem.Core.Approvals;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Approvals;

/// <summary>The Approve and Reject links in a staff member's approval request.</summary>
public sealed class ApprovalFunctions(ApprovalService approvals)
{
    [Function(nameof(ApprovePage))]
    public Task<IActionResult> ApprovePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signups/approve")] HttpRequest request,
        CancellationToken cancellationToken) => PageAsync(request, Decision.Approve, cancellationToken);

    [Function(nameof(RejectPage))]
    public Task<IActionResult> RejectPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signups/reject")] HttpRequest request,
        CancellationToken cancellationToken) => PageAsync(request, Decision.Reject, cancellationToken);

    [Function(nameof(ApproveSignup))]
    public Task<IActionResult> ApproveSignup(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/signups/approve")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, approvals.For(Decision.Approve), cancellationToken);

    [Function(nameof(RejectSignup))]
    public Task<IActionResult> RejectSignup(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/signups/reject")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, approvals.For(Decision.Reject), cancellationToken);

    private Task<IActionResult> PageAsync(HttpRequest request, Decision decision, CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, approvals.For(decision), (preview, token) => LinkPages.Decide(preview.Subject!, token, decision), cancellationToken);
}
