using System.Globalization;
using Cem.Core.Calendar;
using Cem.Core.Programs;
using Cem.Core.Sessions;
using Cem.Functions.Calendar;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Programs;

/// <summary>A signed-in district contact submits an event for its district; the state's contacts moderate it as a suggestion.</summary>
public sealed class DistrictEventFunctions(DistrictEvents districtEvents, SessionStore sessions)
{
    [Function(nameof(SubmitDistrictEvent))]
    public async Task<IActionResult> SubmitDistrictEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/states/{code}/districts/{leaId}/events")] HttpRequest request,
        string code,
        string leaId,
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

        var body = await RequestBody.ReadAsync(request, EventFunctions.FromForm, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var page = Responses.WantsPage(request, body.Kind);
        var result = await districtEvents.SubmitAsync(user!, state, leaId, body.Value!, cancellationToken);
        switch (result.Outcome)
        {
            case DistrictEventOutcome.Forbidden:
                return Responses.Problem(StatusCodes.Status403Forbidden, "Not allowed", "The contact of an approved district submits that district's events.",
                    new Dictionary<string, string[]> { ["leaId"] = ["You do not speak for this district of this state."] });

            case DistrictEventOutcome.Invalid:
                var errors = result.Errors!.ToDictionary();
                return page
                    ? Responses.Html(StatusCodes.Status400BadRequest, MessagePage.Render("The event was not sent",
                        string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + " Go back to fix the form."))
                    : Responses.Problem(StatusCodes.Status400BadRequest, "The event has errors", "Correct the fields listed in 'errors'.", errors);

            case DistrictEventOutcome.RateLimited:
                request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(result.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                const string wait = "You have sent many events in a short time. Wait a little and try again.";
                return page
                    ? Responses.Html(StatusCodes.Status429TooManyRequests, MessagePage.Render("Please wait a little", wait))
                    : Responses.Problem(StatusCodes.Status429TooManyRequests, "Too many events", wait);

            default:
                return page
                    ? Responses.SeeOther(request, "/my?district=submitted")
                    : Responses.JsonBody(StatusCodes.Status202Accepted, new
                    {
                        id = result.Id!.ToString(),
                        status = EventStatuses.Pending,
                        message = "Sent to the state's CEM contacts: the event appears on the calendar once they publish it.",
                    });
        }
    }
}
