using Cem.Core.Jurisdictions;
using Cem.Core.Programs;
using Cem.Core.Sessions;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Programs;

/// <summary>
/// Districts joining a state's program: the state's invite, the join page and request, the contact's confirmation link,
/// the state's Approve and Decline (emailed links, or buttons in <c>/my/program</c>), leaving (the contact's emailed
/// link, or the state's Remove button) and the contact's "delete my data" link.
/// </summary>
public sealed class DistrictFunctions(
    DistrictJoins joins, DistrictConfirmation confirmation, DistrictDecisions decisions, DistrictLeave leave, DistrictErasure erasure,
    ProgramService programs, SessionStore sessions)
{
    [Function(nameof(InviteDistricts))]
    public async Task<IActionResult> InviteDistricts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/states/{code}/program/invites")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.HasAnyRole, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        if (ProgramFunctions.Code(code) is not { } state)
        {
            return ProgramFunctions.NoSuchState();
        }

        var (url, outcome) = await joins.InviteAsync(user!, state, cancellationToken);
        if (url is not null && (Responses.WantsHtml(request) || request.HasFormContentType))
        {
            return Responses.Html(StatusCodes.Status200OK, MessagePage.Render("Your district invite",
                $"Send this link to your districts: {url.AbsoluteUri} It replaces every earlier invite, which no longer works."));
        }

        return outcome switch
        {
            ProgramOutcome.Done => Responses.JsonBody(StatusCodes.Status201Created, new { url = url!.AbsoluteUri }),
            ProgramOutcome.Forbidden => Responses.Problem(StatusCodes.Status403Forbidden, "Not allowed", "A state's contacts invite its districts.",
                new Dictionary<string, string[]> { ["code"] = ["You do not speak for this state."] }),
            _ => Responses.Problem(StatusCodes.Status409Conflict, "Program not published", "Publish the program before inviting districts.",
                new Dictionary<string, string[]> { ["code"] = ["This state's program is not published."] }),
        };
    }

    [Function(nameof(DistrictJoinPage))]
    public async Task<IActionResult> DistrictJoinPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "districts/join")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = request.Query["token"].ToString();
        var program = await joins.ProgramOfInviteAsync(token, cancellationToken);
        return program is null
            ? Responses.Html(StatusCodes.Status400BadRequest, MessagePage.Render("This invite does not work",
                "It was altered, has expired or was replaced by a newer one. Ask your state's CEM contact for the current invite."))
            : Responses.Html(StatusCodes.Status200OK, Programs.DistrictJoinPage.Render(program, Jurisdiction.Find(program.Code).Name, Fips.Of(program.Code), token));
    }

    [Function(nameof(JoinDistrict))]
    public async Task<IActionResult> JoinDistrict(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/districts/join")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, form => new DistrictJoinForm
        {
            Token = form.Field("token"),
            Name = form.Field("name"),
            LeaId = form.Field("leaId"),
            ContactName = form.Field("contactName"),
            ContactTitle = form.Field("contactTitle"),
            Email = form.Field("email"),
        }, cancellationToken, LinkEndpoints.BodyLimit);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await joins.JoinAsync(body.Value!, ClientRequests.ClientAddress(request), cancellationToken);
        var page = Responses.WantsPage(request, body.Kind);
        if (result.RetryAfter is { } retryAfter)
        {
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var wait = $"Several requests to join were sent from your network in a short time. Try again in {Math.Max(1, (seconds + 59) / 60)} minute(s).";
            return page
                ? Responses.Html(StatusCodes.Status429TooManyRequests, MessagePage.Render("Please wait a little", wait))
                : Responses.Problem(StatusCodes.Status429TooManyRequests, "Too many requests to join", wait);
        }

        if (result.District is null)
        {
            var errors = result.Errors!.ToDictionary();
            return page
                ? Responses.Html(StatusCodes.Status400BadRequest, MessagePage.Render("The request was not sent",
                    string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + " Go back to fix the form."))
                : Responses.Problem(StatusCodes.Status400BadRequest, "The request has errors", "Correct the fields listed in 'errors'.", errors);
        }

        const string Message = "Check your inbox: confirm your address with the link we sent, and the state's CEM contacts will decide.";
        return page
            ? Responses.Html(StatusCodes.Status202Accepted, MessagePage.Render("Almost there", Message))
            : Responses.JsonBody(StatusCodes.Status202Accepted, new { districtId = result.District.Id, status = result.District.Status, message = Message });
    }

    [Function(nameof(ConfirmDistrictPage))]
    public Task<IActionResult> ConfirmDistrictPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "districts/confirm")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, confirmation, (preview, token) => DistrictLinkPage.Render(preview.Subject!, preview.Message, token, confirmation.ApiPath, "Confirm my address"), cancellationToken);

    [Function(nameof(ConfirmDistrict))]
    public Task<IActionResult> ConfirmDistrict(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/districts/confirm")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.ActAsync(request, confirmation, cancellationToken);

    [Function(nameof(ApproveDistrictPage))]
    public Task<IActionResult> ApproveDistrictPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "districts/approve")] HttpRequest request,
        CancellationToken cancellationToken) => DecisionPageAsync(request, decisions.Approve, cancellationToken);

    [Function(nameof(DeclineDistrictPage))]
    public Task<IActionResult> DeclineDistrictPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "districts/decline")] HttpRequest request,
        CancellationToken cancellationToken) => DecisionPageAsync(request, decisions.Decline, cancellationToken);

    [Function(nameof(ApproveDistrict))]
    public Task<IActionResult> ApproveDistrict(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/districts/approve")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, decisions.Approve, cancellationToken);

    [Function(nameof(DeclineDistrict))]
    public Task<IActionResult> DeclineDistrict(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/districts/decline")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, decisions.Decline, cancellationToken);

    [Function(nameof(LeaveProgramPage))]
    public Task<IActionResult> LeaveProgramPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "districts/leave")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, leave, (preview, token) => DistrictLinkPage.Render(preview.Subject!, preview.Message, token, leave.ApiPath, "Leave the program"), cancellationToken);

    [Function(nameof(LeaveProgram))]
    public Task<IActionResult> LeaveProgram(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/districts/leave")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, leave, cancellationToken);

    [Function(nameof(DeleteDistrictDataPage))]
    public Task<IActionResult> DeleteDistrictDataPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "delete-my-data/district")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, erasure, (preview, token) => preview.Subject!.Status == DistrictStatuses.Approved
            ? DeleteMyDataPage.Render(preview.Message, erasure.ApiPath, token, $"{preview.Subject.Name} in the program",
                [("stay", $"Keep {preview.Subject.Name} listed by its name and LEA ID; delete only my details", true),
                 (DistrictErasure.LeaveChoice, $"{preview.Subject.Name} also leaves the program", false)])
            : DeleteMyDataPage.Render(preview.Message, erasure.ApiPath, token), cancellationToken);

    [Function(nameof(DeleteDistrictData))]
    public Task<IActionResult> DeleteDistrictData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/delete-my-data/district")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, erasure, cancellationToken);

    /// <summary>The editor's Approve, Decline and Remove buttons: the same transitions as the links, with the signed-in contact as the actor.</summary>
    [Function(nameof(DecideDistrictSignedIn))]
    public async Task<IActionResult> DecideDistrictSignedIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/my/program/districts/{leaId}/{decision}")] HttpRequest request,
        string leaId,
        string decision,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.States.Count > 0, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var state = ProgramFunctions.Code(request.Query["state"].ToString());
        if (state is null || !user!.IsContactOf(state))
        {
            return Responses.Problem(StatusCodes.Status403Forbidden, "Not allowed", "A state's contacts decide on its districts.",
                new Dictionary<string, string[]> { ["state"] = ["Give the code of a state you are the contact of, e.g. ?state=OH."] });
        }

        if (decision is not ("approve" or "decline" or "remove"))
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "No such decision", null, new Dictionary<string, string[]> { ["decision"] = ["approve, decline or remove"] });
        }

        var program = await programs.FindAsync(state, cancellationToken);
        var id = Core.Programs.DistrictId.Of(program?.Year ?? 0, state, leaId);
        var answer = decision == "remove"
            ? await LinkEndpoints.ActAsAsync(request, leave, id, user.Email, cancellationToken)
            : await LinkEndpoints.ActAsAsync(request, decisions.For(decision == "approve"), id, user.Email, cancellationToken);
        return request.HasFormContentType && answer is ContentResult { StatusCode: < 400 }
            ? Responses.SeeOther(request, $"/my/program?state={state}&district={decision}d")
            : answer;
    }

    private static Task<IActionResult> DecisionPageAsync(HttpRequest request, DistrictDecision decision, CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, decision, (preview, token) => DistrictLinkPage.Render(preview.Subject!, preview.Message, token, decision.ApiPath,
            decision.Approves ? "Approve the district" : "Decline the district"), cancellationToken);
}
