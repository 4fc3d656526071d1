using System.Globalization;
using Cem.Core;
using Cem.Core.Metrics;
using Cem.Core.Signups;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Signups;

/// <summary>The public side of sign-up: the page, the form post, a sign-up's status and the list of participating states.</summary>
public sealed class SignupFunctions(SignupService signups, MetricsReports reports, IOptions<CemOptions> site, EditionRecognition recognition)
{
    /// <summary>
    /// The answer to a sign-up for an address and jurisdiction that already have one, in JSON and on the thanks page:
    /// true whether the sign-up is confirmed or not and whether a fresh email went out (one per 10 minutes at most).
    /// </summary>
    public const string RepeatedMessage =
        "This address already has a sign-up for this jurisdiction, so no new one was made. If it is not yet confirmed, a confirmation email has gone to the address: a fresh one with these details if the last submission was 10 minutes ago or more, otherwise the one already sent. Check your inbox.";

    // "{ignored:maxlength(0)?}" is how a function answers the site root when routePrefix is empty.
    [Function(nameof(Home))]
    public async Task<IActionResult> Home(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{ignored:maxlength(0)?}")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Responses.Html(StatusCodes.Status200OK, await HomePageAsync(null, null, cancellationToken));

    [Function(nameof(SubmitSignup))]
    public async Task<IActionResult> SubmitSignup(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/signups")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, FromForm, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var validated = SignupValidator.Validate(body.Value!);
        if (!validated.IsValid)
        {
            var errors = validated.Errors.ToDictionary();
            return Responses.WantsPage(request, body.Kind)
                ? Responses.Html(StatusCodes.Status400BadRequest, await HomePageAsync(body.Value, errors, cancellationToken))
                : Responses.Problem(StatusCodes.Status400BadRequest, "The sign-up has errors", "Correct the fields listed in 'errors'.", errors);
        }

        var form = body.Value!;
        var html = Responses.WantsPage(request, body.Kind);
        var submitted = await signups.SubmitAsync(validated.Value!, form.Url2, ClientRequests.ClientAddress(request), cancellationToken);
        switch (submitted.Outcome)
        {
            case SignupOutcome.RateLimited:
                var seconds = (int)Math.Ceiling(submitted.RetryAfter.TotalSeconds);
                request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var wait = $"Several sign-ups were sent from your network in a short time. Try again in {Math.Max(1, (seconds + 59) / 60)} minute(s).";
                return html
                    ? Responses.Html(StatusCodes.Status429TooManyRequests, MessagePage.Render("Please wait a little", wait))
                    : Responses.Problem(StatusCodes.Status429TooManyRequests, "Too many sign-ups", wait);

            case SignupOutcome.TooManyUnconfirmed:
                var tooMany = new Dictionary<string, string[]> { ["email"] = ["This address has sign-ups waiting for confirmation. Follow the links in the emails we sent, then sign up again."] };
                return html
                    ? Responses.Html(StatusCodes.Status409Conflict, await HomePageAsync(form, tooMany, cancellationToken))
                    : Responses.Problem(StatusCodes.Status409Conflict, "Too many unconfirmed sign-ups", "Confirm the sign-ups already sent to this address first.", tooMany);

            case SignupOutcome.Repeated:
                // The same answer whatever the existing sign-up's state, and never its id: whoever typed the address
                // may not be its owner.
                return html
                    ? Responses.SeeOther(request, "/signup/thanks")
                    : Responses.JsonBody(StatusCodes.Status202Accepted, new { created = false, message = RepeatedMessage });

            default:
                var id = submitted.Id!.Value;
                if (html)
                {
                    return Responses.SeeOther(request, $"/signup/thanks?id={id}");
                }

                var statusUrl = $"/api/signups/{id}";
                request.HttpContext.Response.Headers.Location = statusUrl;
                return Responses.JsonBody(StatusCodes.Status202Accepted, new { id = id.ToString(), status = SignupStatus.PendingConfirmation, statusUrl, created = true });
        }
    }

    /// <summary>With a new sign-up's id, or without one after a repeat (whose id is not given out).</summary>
    [Function(nameof(SignupThanks))]
    public static IActionResult SignupThanks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signup/thanks")] HttpRequest request) =>
        Responses.Html(StatusCodes.Status200OK, ThanksPage.Render(SignupId.TryParse(request.Query["id"], out var id) ? id : null));

    /// <summary>Where a sign-up stands. The id is unguessable; the answer carries no contact details.</summary>
    [Function(nameof(GetSignupStatus))]
    public async Task<IActionResult> GetSignupStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/signups/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!SignupId.TryParse(id, out var signupId))
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "Malformed sign-up id", null, new Dictionary<string, string[]> { ["id"] = ["Not a sign-up id."] });
        }

        var progress = await signups.ProgressAsync(signupId, cancellationToken);
        return progress is null
            ? Responses.Problem(StatusCodes.Status404NotFound, "Sign-up not found")
            : Responses.JsonBody(StatusCodes.Status200OK, progress);
    }

    [Function(nameof(ListParticipatingStates))]
    public async Task<IActionResult> ListParticipatingStates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/states")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Responses.JsonBody(StatusCodes.Status200OK, (await reports.ParticipatingStatesAsync(cancellationToken))
            .Select(r => new { code = r.State.Code, name = r.State.Name, organizationName = r.State.OrganizationName, confirmedAt = r.State.ConfirmedAt, recognitionLevel = r.RecognitionLevel }));

    private async Task<string> HomePageAsync(SignupForm? values, IDictionary<string, string[]>? errors, CancellationToken cancellationToken) =>
        HomePage.Render(await reports.ParticipatingStatesAsync(cancellationToken), await recognition.CurrentAsync(cancellationToken), site.Value.Link("/"), values, errors);

    private static SignupForm FromForm(IReadOnlyDictionary<string, Microsoft.Extensions.Primitives.StringValues> form) => new()
    {
        Jurisdiction = form.Field("jurisdiction"),
        OrganizationName = form.Field("organizationName"),
        OrganizationType = form.Field("organizationType"),
        ContactName = form.Field("contactName"),
        ContactTitle = form.Field("contactTitle"),
        Email = form.Field("email"),
        Phone = form.Field("phone"),
        City = form.Field("city"),
        PublishMediaContact = form.Checkbox("publishMediaContact"),
        Activities = form.TryGetValue("activities", out var activities) ? activities.Where(a => a is not null).Select(a => a!).ToList() : [],
        Consent = form.Checkbox("consent"),
        Url2 = form.Field("url2"),
    };
}
