using System.Globalization;
using Cem.Core.Clients;
using Cem.Core.Sessions;
using Cem.Core.Text;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Sessions;

/// <summary>Sign-in by emailed link, who is signed in, and sign-out.</summary>
public sealed class SignInFunctions(SignIns signIns, SignInLink link, SessionStore sessions, NewLinkRequests newLinks)
{
    /// <summary>The one answer to every well-formed request, whether or not the address may sign in.</summary>
    public const string SentMessage =
        "If this address belongs to a participating state's contact or to CEM staff, a sign-in link is on its way. It works once, for 15 minutes.";

    [Function(nameof(SignInForm))]
    public IActionResult SignInForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sign-in")] HttpRequest request) =>
        Responses.Html(StatusCodes.Status200OK, SignInPage.Render(request.Query["sent"] == "1"));

    [Function(nameof(RequestSignIn))]
    public async Task<IActionResult> RequestSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sign-in")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, form => new SignInForm { Email = form.Field("email") }, cancellationToken, LinkEndpoints.BodyLimit);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var errors = new ValidationErrors();
        var email = Fields.Email(errors, "email", body.Value!.Email);
        var html = Responses.WantsPage(request, body.Kind);
        if (email is null)
        {
            return html
                ? Responses.Html(StatusCodes.Status400BadRequest, SignInPage.Render(false, body.Value.Email, errors.ToDictionary()))
                : Responses.Problem(StatusCodes.Status400BadRequest, "The email address has errors", null, errors.ToDictionary());
        }

        var decision = await signIns.RequestAsync(email, ClientRequests.ClientAddress(request), cancellationToken);
        if (!decision.Allowed)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Responses.Problem(StatusCodes.Status429TooManyRequests, "Too many sign-in requests", "Wait a few minutes and try again.");
        }

        return html
            ? Responses.SeeOther(request, "/sign-in?sent=1")
            : Responses.JsonBody(StatusCodes.Status202Accepted, new { message = SentMessage });
    }

    [Function(nameof(SignInCompletePage))]
    public Task<IActionResult> SignInCompletePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sign-in/complete")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, link, (preview, token) => Sessions.SignInCompletePage.Render(preview.Subject!, token), cancellationToken);

    [Function(nameof(CompleteSignIn))]
    public Task<IActionResult> CompleteSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sign-in/complete")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.ActAsync(request, link, cancellationToken, async result =>
        {
            var started = await sessions.StartAsync(result.Subject!.Email, cancellationToken);
            if (started is not { } session)
            {
                const string detail = "This address no longer has access: it is not on the CEM staff list or the contact of a participating state.";
                return Responses.WantsHtml(request)
                    ? Responses.Html(StatusCodes.Status403Forbidden, Pages.MessagePage.Render("Not allowed", detail))
                    : Responses.Problem(StatusCodes.Status403Forbidden, "Not allowed", detail);
            }

            SessionRequests.SetCookie(request, session.Id, session.User.ExpiresAt);
            return Responses.WantsHtml(request) ? Responses.SeeOther(request, session.User.IsStaff ? "/staff" : "/my") : null;
        });

    [Function(nameof(NewSignInLink))]
    public Task<IActionResult> NewSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sign-in/complete/new-link")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.NewLinkAsync(request, link, newLinks, cancellationToken);

    [Function(nameof(Me))]
    public async Task<IActionResult> Me(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, _ => true, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var roles = user!.States.Select(code => (object)new { role = "state", code })
            .Concat(user.Districts.Select(d => (object)new { role = "district", code = d.Code, leaId = d.LeaId, name = d.Name }))
            .Concat(user.IsStaff ? [new { role = "staff" }] : []);
        return Responses.JsonBody(StatusCodes.Status200OK, new { email = user.Email, roles });
    }

    [Function(nameof(SignOut))]
    public async Task<IActionResult> SignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sign-out")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var read = await SessionRequests.ReadAsync(request, sessions, cancellationToken);
        if (read.Refusal is not null)
        {
            return read.Refusal;
        }

        await sessions.EndAsync(read.Id, cancellationToken);
        SessionRequests.ClearCookie(request);
        return Responses.WantsHtml(request) ? Responses.SeeOther(request, "/") : new NoContentResult();
    }
}

/// <summary>The sign-in form's body.</summary>
public sealed class SignInForm
{
    public string? Email { get; set; }
}
