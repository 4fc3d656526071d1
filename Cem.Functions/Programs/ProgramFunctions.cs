using System.Globalization;
using Cem.Core.Jurisdictions;
using Cem.Core.Programs;
using Cem.Core.Sessions;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Primitives;

namespace Cem.Functions.Programs;

/// <summary>
/// A state's program as an API: read (public, once published), replace, publish and take down (a signed-in contact of
/// that state). The editor page <c>/my/program</c> posts its form to <see cref="SaveMyProgram"/> and its buttons here.
/// </summary>
public sealed class ProgramFunctions(ProgramService programs, DistrictJoins districts, SessionStore sessions)
{
    [Function(nameof(GetProgram))]
    public async Task<IActionResult> GetProgram(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/states/{code}/program")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        if (Code(code) is not { } state)
        {
            return NoSuchState();
        }

        var program = await programs.PublishedAsync(state, cancellationToken);
        if (program is null)
        {
            return NotPublished();
        }

        request.HttpContext.Response.Headers.ETag = program.EntityTag;
        return Responses.JsonBody(StatusCodes.Status200OK, ProgramJson.Of(program, await districts.ApprovedAsync(program, cancellationToken)));
    }

    [Function(nameof(SaveProgram))]
    public async Task<IActionResult> SaveProgram(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/states/{code}/program")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.HasAnyRole, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        if (Code(code) is not { } state)
        {
            return NoSuchState();
        }

        int? expected = null;
        var ifMatch = request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length > 0)
        {
            if (!int.TryParse(ifMatch.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                return Responses.Problem(StatusCodes.Status400BadRequest, "Malformed If-Match", null,
                    new Dictionary<string, string[]> { ["If-Match"] = ["Send the ETag of the program as you read it, like \"3\"."] });
            }

            expected = version;
        }

        var body = await RequestBody.ReadAsync(request, FromForm, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await programs.SaveAsync(user!, state, body.Value!, expected, cancellationToken);
        return await AnswerAsync(request, result, ifMatch.Length > 0, cancellationToken);
    }

    /// <summary>The editor's form (an HTML form cannot PUT): the same save, then back to the editor.</summary>
    [Function(nameof(SaveMyProgram))]
    public async Task<IActionResult> SaveMyProgram(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/my/program")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.HasAnyRole, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        if (Code(request.Query["state"].ToString()) is not { } state)
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "Not one of your states", null,
                new Dictionary<string, string[]> { ["state"] = ["Give the code of a state you are the contact of, e.g. ?state=OH."] });
        }

        var body = await RequestBody.ReadAsync(request, FromForm, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await programs.SaveAsync(user!, state, body.Value!, null, cancellationToken);
        if (result.Outcome == ProgramOutcome.Done && Responses.WantsPage(request, body.Kind))
        {
            return Responses.SeeOther(request, $"/my/program?state={state}&saved=1");
        }

        if (result.Outcome is ProgramOutcome.Invalid or ProgramOutcome.Conflict && Responses.WantsPage(request, body.Kind))
        {
            var message = result.Outcome == ProgramOutcome.Conflict
                ? "Someone else saved the program after you opened it. Go back, reload the editor and make your change again."
                : string.Join(" ", result.Errors!.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + " Go back to fix the form.";
            return Responses.Html(result.Outcome == ProgramOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                Pages.MessagePage.Render("The program was not saved", message));
        }

        return await AnswerAsync(request, result, false, cancellationToken);
    }

    [Function(nameof(PublishProgram))]
    public Task<IActionResult> PublishProgram(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/states/{code}/program/publish")] HttpRequest request,
        string code,
        CancellationToken cancellationToken) =>
        SetPublishedAsync(request, code, true, cancellationToken);

    [Function(nameof(UnpublishProgram))]
    public Task<IActionResult> UnpublishProgram(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/states/{code}/program/unpublish")] HttpRequest request,
        string code,
        CancellationToken cancellationToken) =>
        SetPublishedAsync(request, code, false, cancellationToken);

    private async Task<IActionResult> SetPublishedAsync(HttpRequest request, string code, bool published, CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.HasAnyRole, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        if (Code(code) is not { } state)
        {
            return NoSuchState();
        }

        var result = await programs.SetPublishedAsync(user!, state, published, cancellationToken);
        if (result.Outcome == ProgramOutcome.Done && (Responses.WantsHtml(request) || request.HasFormContentType))
        {
            return Responses.SeeOther(request, $"/my/program?state={state}&{(published ? "published" : "unpublished")}=1");
        }

        return await AnswerAsync(request, result, false, cancellationToken);
    }

    /// <summary>Every answer with the program lists its approved districts, as <c>GET</c> does.</summary>
    private async Task<ContentResult> AnswerAsync(HttpRequest request, ProgramResult result, bool askedIfMatch, CancellationToken cancellationToken)
    {
        switch (result.Outcome)
        {
            case ProgramOutcome.Done:
                request.HttpContext.Response.Headers.ETag = result.Program!.EntityTag;
                return Responses.JsonBody(StatusCodes.Status200OK, ProgramJson.Of(result.Program, await districts.ApprovedAsync(result.Program, cancellationToken)));
            case ProgramOutcome.Invalid:
                return Responses.Problem(StatusCodes.Status400BadRequest, "The program has errors", "Correct the fields listed in 'errors'.", result.Errors!.ToDictionary());
            case ProgramOutcome.Forbidden:
                return Responses.Problem(StatusCodes.Status403Forbidden, "Not allowed", "A state's program is written by that state's contacts.",
                    new Dictionary<string, string[]> { ["code"] = ["You do not speak for this state."] });
            case ProgramOutcome.Conflict:
                return Responses.Problem(askedIfMatch ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict, "Changed meanwhile",
                    "The program was saved by someone else since you read it. Read it again and make your change on the new version.",
                    new Dictionary<string, string[]> { [askedIfMatch ? "If-Match" : "version"] = [$"The program is now at version {result.Program?.Version ?? 0}."] });
            default:
                return Responses.Problem(StatusCodes.Status404NotFound, "Nothing to publish", "Save the program first; districts are invited to a published one.",
                    new Dictionary<string, string[]> { ["code"] = ["This state has no saved program for the current edition."] });
        }
    }

    /// <summary>A jurisdiction's code in upper case, or null.</summary>
    public static string? Code(string? code) =>
        Jurisdiction.TryFind(code?.Trim(), out var jurisdiction) ? jurisdiction.Code : null;

    public static ContentResult NoSuchState() =>
        Responses.Problem(StatusCodes.Status404NotFound, "No such state", null, new Dictionary<string, string[]> { ["code"] = ["Not a jurisdiction's code."] });

    private static ContentResult NotPublished() =>
        Responses.Problem(StatusCodes.Status404NotFound, "No program published", null, new Dictionary<string, string[]> { ["code"] = ["This state has not published a CEM program."] });

    /// <summary>
    /// The editor's form: priorities comma separated; contacts, curated events and resources one a line, their parts
    /// separated by <c>|</c> ("Name | Role | address to publish", "event id | note", "Title | https://…").
    /// </summary>
    public static ProgramForm FromForm(IReadOnlyDictionary<string, StringValues> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        static string[] Lines(string? text) => (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        static string? Part(string[] parts, int i) => i < parts.Length ? parts[i].Trim() : null;
        static string[] Parts(string line, int count) => line.Split('|', count);
        return new ProgramForm
        {
            Title = form.Field("title"),
            Intro = form.Field("intro"),
            Priorities = [.. (form.Field("priorities") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            Contacts = [.. Lines(form.Field("contacts")).Select(l => Parts(l, 3)).Select(p => new ProgramContactForm { Name = Part(p, 0), Role = Part(p, 1), Email = Part(p, 2) })],
            Items = [.. Lines(form.Field("items")).Select(l => Parts(l, 2)).Select(p => new ProgramItemForm { EventId = Part(p, 0), Note = Part(p, 1) })],
            Resources = [.. Lines(form.Field("resources")).Select(l => Parts(l, 2)).Select(p => new ProgramResourceForm { Title = Part(p, 0), Url = Part(p, 1) })],
            Version = int.TryParse(form.Field("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null,
        };
    }
}
