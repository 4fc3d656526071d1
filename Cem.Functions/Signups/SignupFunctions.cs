using Cem.Core;
using Cem.Core.Metrics;
using Cem.Core.Signups;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Signups;

/// <summary>The public side of sign-up: the page, the form post, a sign-up's status and the list of participating states.</summary>
public sealed class SignupFunctions(SignupService signups, MetricsReports reports, IOptions<CemOptions> site, IOptions<MetricsOptions> metrics)
{
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

        var submitted = await signups.SubmitAsync(validated.Value!, cancellationToken);
        var statusUrl = $"/api/signups/{submitted.Id}";
        if (Responses.WantsPage(request, body.Kind))
        {
            return Responses.SeeOther(request, $"/signup/thanks?id={submitted.Id}");
        }

        request.HttpContext.Response.Headers.Location = statusUrl;
        return Responses.JsonBody(StatusCodes.Status202Accepted, new { id = submitted.Id.ToString(), status = submitted.Status, statusUrl, created = submitted.Created });
    }

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
        HomePage.Render(await reports.ParticipatingStatesAsync(cancellationToken), metrics.Value.Recognition, site.Value.Link("/"), values, errors);

    private static SignupForm FromForm(IReadOnlyDictionary<string, Microsoft.Extensions.Primitives.StringValues> form) => new()
    {
        Jurisdiction = form.Field("jurisdiction"),
        OrganizationName = form.Field("organizationName"),
        OrganizationType = form.Field("organizationType"),
        ContactName = form.Field("contactName"),
        ContactTitle = form.Field("contactTitle"),
        Email = form.Field("email"),
        Phone = form.Field("phone"),
        Activities = form.TryGetValue("activities", out var activities) ? activities.Where(a => a is not null).Select(a => a!).ToList() : [],
        Consent = form.Checkbox("consent"),
    };
}
