using Cem.Core.Awards;
using Cem.Core.Sessions;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Awards;

/// <summary>
/// Staff's review of proposed awards with the staff session: the list, Hold (with a reason) and Release. Posts are
/// checked for same origin by <see cref="SessionRequests"/>; the staff address is recorded on the award.
/// </summary>
public sealed class AwardStaffFunctions(SessionStore sessions, AwardStore store, AwardService awards, IOptions<AwardOptions> options)
{
    [Function(nameof(StaffAwards))]
    public async Task<IActionResult> StaffAwards(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/awards")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (_, denied) = await SessionRequests.RequireAsync(request, sessions, user => user.IsStaff, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var list = (await store.AllAsync(cancellationToken)).OrderByDescending(a => a.Year).ThenBy(a => a.SubjectName, StringComparer.Ordinal).ToList();
        return Responses.Html(StatusCodes.Status200OK, StaffAwardsPage.Render(list, options.Value.ReviewWindow));
    }

    [Function(nameof(HoldAward))]
    public async Task<IActionResult> HoldAward(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/awards/{id}/hold")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.IsStaff, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var (reason, error) = await AwardAdminFunctions.ReadReasonAsync(request, cancellationToken);
        return error ?? Answer(request, await awards.HoldAsync(id, user!.Email, reason!, cancellationToken));
    }

    [Function(nameof(ReleaseAward))]
    public async Task<IActionResult> ReleaseAward(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/awards/{id}/release")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (_, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.IsStaff, cancellationToken);
        return denied ?? Answer(request, await awards.ReleaseAsync(id, cancellationToken));
    }

    private static IActionResult Answer(HttpRequest request, AwardChange change)
    {
        var page = Responses.WantsHtml(request) || request.HasFormContentType;
        var (status, title) = change.Outcome switch
        {
            AwardOutcome.NotFound => (StatusCodes.Status404NotFound, "Award not found"),
            AwardOutcome.Refused => (StatusCodes.Status409Conflict, "Not possible"),
            _ => (StatusCodes.Status200OK, "Done"),
        };
        if (status != StatusCodes.Status200OK)
        {
            return page
                ? Responses.Html(status, MessagePage.Render(title, change.Message))
                : Responses.Problem(status, title, change.Message, new Dictionary<string, string[]> { ["id"] = [change.Message] });
        }

        return page
            ? Responses.SeeOther(request, "/staff/awards#award-" + change.Award!.Id)
            : Responses.JsonBody(StatusCodes.Status200OK, new { id = change.Award!.Id, status = change.Award.Status, holdReason = change.Award.HoldReason, message = change.Message });
    }
}
