using Cem.Core.Jurisdictions;
using Cem.Core.Links;
using Cem.Core.Metrics;
using Cem.Core.PressKits;
using Cem.Core.Sessions;
using Cem.Core.Signups;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.My;

/// <summary>The state (or district) contact's home, <c>/my</c>, and what it can ask for there.</summary>
public sealed class MyFunctions(
    SessionStore sessions,
    StateContacts contacts,
    MetricsReports reports,
    EditionRecognition recognition,
    PressKitStore kits,
    PressKitService pressKits,
    PressKitRequestLink kitRequest,
    Cem.Core.Calendar.EventSuggestions suggestions,
    Cem.Core.Programs.DistrictEvents districtEvents)
{
    [Function(nameof(MyHome))]
    public async Task<IActionResult> MyHome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "my")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, _ => true, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        if (user!.States.Count == 0 && user.Districts.Count == 0)
        {
            return Responses.SeeOther(request, "/staff"); // staff without a state or district have the console instead
        }

        var views = new List<MyPage.StateView>();
        var thresholds = user.States.Count == 0 ? null : await recognition.CurrentAsync(cancellationToken);
        foreach (var signup in await ContactSignupsAsync(user, cancellationToken))
        {
            var report = await reports.StateAsync(signup.Jurisdiction, cancellationToken);
            var kit = await kits.LatestAsync(signup.Id, cancellationToken);
            views.Add(new(
                signup.PartitionKey,
                signup.Jurisdiction.Name,
                signup.OrganizationName,
                signup.DecidedAt ?? signup.SubmittedAt,
                report.RecognitionLevel,
                report.EventsPublished,
                Recognition.StillNeeded(report.Figures, thresholds!),
                Recognition.Progress(report.Figures, thresholds!),
                kit?.Version,
                kit is null ? null : pressKits.DownloadLinkFor(kit)));
        }

        var districts = new List<Programs.MyDistrictSection.DistrictView>();
        foreach (var district in user.Districts)
        {
            var submitted = await districtEvents.OfAsync(district, cancellationToken);
            districts.Add(new(district.Code, Jurisdiction.Find(district.Code).Name, district.LeaId, district.Name, [.. submitted.Select(e => (e.Id.ToString(), e.Title, e.Status))]));
        }

        var notice = request.Query["kit"] == "requested" ? "A fresh press kit is being prepared; it arrives by email within a few minutes."
            : request.Query["district"] == "submitted" ? "Your event is sent to your state's CEM contacts. It appears on the calendar once they publish it."
            : null;
        var waiting = user.States.Count == 0 ? [] : (await suggestions.PendingAsync(cancellationToken)).Where(s => user.States.Contains(s.Jurisdiction, StringComparer.Ordinal)).ToList();
        return Responses.Html(StatusCodes.Status200OK, MyPage.Render(user.Email, views, notice, waiting, districts));
    }

    [Function(nameof(RequestMyPressKit))]
    public async Task<IActionResult> RequestMyPressKit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/my/press-kit")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.States.Count > 0, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var body = await RequestBody.ReadAsync(request, form => new MyPressKitForm { Code = form.Field("code") }, cancellationToken, LinkEndpoints.BodyLimit);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var code = body.Value!.Code?.Trim().ToUpperInvariant();
        var signup = code is null || !Jurisdiction.TryFind(code, out _) ? null
            : (await ContactSignupsAsync(user!, cancellationToken)).FirstOrDefault(s => s.PartitionKey == code);
        if (signup is null)
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "Not one of your states", null,
                new Dictionary<string, string[]> { ["code"] = ["Give the code of a state you are the contact of, e.g. OH."] });
        }

        // The same action as the emailed "ask for a new press kit" link, with the signed-in contact as the actor.
        var result = await kitRequest.ActAsAsync(signup.Id.ToString(), user!.Email, LinkInput.None, cancellationToken);
        if (result.Outcome is not (LinkOutcome.Done or LinkOutcome.AlreadyDone))
        {
            return Responses.Problem(StatusCodes.Status409Conflict, "Not allowed", result.Message);
        }

        return Responses.WantsHtml(request)
            ? Responses.SeeOther(request, "/my?kit=requested")
            : Responses.JsonBody(StatusCodes.Status202Accepted, new { message = result.Message, signupId = signup.Id.ToString() });
    }

    /// <summary>The approved sign-ups whose contact the user is, within the states the session holds.</summary>
    private async Task<IReadOnlyList<Signup>> ContactSignupsAsync(SignedInUser user, CancellationToken cancellationToken) =>
        [.. (await contacts.SignupsOfAsync(user.Email, cancellationToken)).Where(s => user.IsContactOf(s.PartitionKey))];
}

/// <summary>The body of "prepare a fresh press kit".</summary>
public sealed class MyPressKitForm
{
    public string? Code { get; set; }
}
