using System.Globalization;
using Cem.Core.Signups;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.StaffConsole;

/// <summary>
/// Re-sending a pending sign-up's email with fresh links, for automation (function key); the console's button is
/// <see cref="StaffConsoleFunctions.DecideSignup"/> with <c>resend</c>. Both answer through <see cref="AnswerAsync"/>.
/// </summary>
public sealed class SignupResendFunctions(SignupResends resends)
{
    /// <summary>Who the audit trail names when a function key asked: a key stands for no person.</summary>
    public const string KeyActor = "function-key";

    [Function(nameof(ResendSignupEmail))]
    public Task<IActionResult> ResendSignupEmail(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/signups/{id}/resend")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        AnswerAsync(request, resends, id, KeyActor, cancellationToken);

    /// <summary>Re-sends as <paramref name="actor"/> and answers: JSON for an API client, the audit trail page for the console.</summary>
    public static async Task<IActionResult> AnswerAsync(HttpRequest request, SignupResends resends, string id, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resends);
        var page = Responses.WantsHtml(request);
        if (!SignupId.TryParse(id, out var signupId))
        {
            return Refusal(page, StatusCodes.Status404NotFound, "Sign-up not found", "No sign-up has this id.");
        }

        var result = await resends.ResendAsync(signupId, actor, confirmationOnly: false, cancellationToken);
        switch (result.Outcome)
        {
            case ResendOutcome.NotFound:
                return Refusal(page, StatusCodes.Status404NotFound, "Sign-up not found", "No sign-up has this id.");
            case ResendOutcome.NothingToSend:
                return Refusal(page, StatusCodes.Status409Conflict, "Nothing to send again", $"This sign-up is {result.Signup!.Status}: it waits for no email.");
            case ResendOutcome.TooSoon:
                request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(result.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Refusal(page, StatusCodes.Status429TooManyRequests, "Sent again too recently",
                    $"This sign-up's email was sent again less than {SignupResends.MinimumInterval.TotalMinutes:0} minutes ago; try later.");
            default:
                var message = result.Resent == "confirmation"
                    ? "The \"confirm your address\" email is on its way to the signer again, with a fresh link."
                    : "The approval request is on its way to CEM staff again, with fresh Approve and Reject links.";
                return page
                    ? Responses.SeeOther(request, "/staff/signups/" + signupId)
                    : Responses.JsonBody(StatusCodes.Status202Accepted, new { signupId = signupId.ToString(), status = result.Signup!.Status, resent = result.Resent, message });
        }
    }

    private static ContentResult Refusal(bool page, int status, string title, string detail) =>
        page
            ? Responses.Html(status, MessagePage.Render(title, detail))
            : Responses.Problem(status, title, detail, new Dictionary<string, string[]> { ["signupId"] = [detail] });
}
