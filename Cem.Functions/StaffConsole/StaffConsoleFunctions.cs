using System.Text.Json;
using Cem.Core.Approvals;
using Cem.Core.Comments;
using Cem.Core.Editions;
using Cem.Core.Links;
using Cem.Core.Sessions;
using Cem.Core.Signups;
using Cem.Core.Staff;
using Cem.Functions.Editions;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.StaffConsole;

/// <summary>
/// The staff console: what waits for staff, and the same decisions as the emailed links, taken with the staff
/// session (the signed-in address is the actor in the audit trail). Without a staff session nothing is shown.
/// </summary>
public sealed class StaffConsoleFunctions(SessionStore sessions, SignupStore signups, CommentStore comments, ApprovalService approvals, CommentModeration moderation, CommentReplies replies, SignupResends resends, QueueReplays queues, EditionStore editions, EditionEditor editionEditor, Cem.Core.Metrics.EditionRecognition recognition, Cem.Core.Calendar.EventSuggestions suggestions, TimeProvider time)
{
    [Function(nameof(StaffConsole))]
    public async Task<IActionResult> StaffConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await RequireStaffAsync(request, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var (edition, version) = await editions.GetWithVersionAsync((await editions.CurrentAsync(cancellationToken)).Year, cancellationToken);
        return await ConsoleAsync(StatusCodes.Status200OK, user!, EditionFormView.Of(edition, version, recognition.Of(edition), time.GetUtcNow()), cancellationToken);
    }

    private async Task<ContentResult> ConsoleAsync(int status, SignedInUser user, EditionFormView edition, CancellationToken cancellationToken) =>
        Responses.Html(status, StaffConsolePage.Render(user.Email, await signups.AwaitingApprovalAsync(cancellationToken), await comments.PendingAsync(cancellationToken),
            await signups.WithStatusAsync(SignupStatus.PendingConfirmation, cancellationToken), await queues.LengthsAsync(cancellationToken), await queues.RecentAsync(10, cancellationToken), edition,
            await suggestions.PendingAsync(cancellationToken)));

    /// <summary>
    /// Saves an edition's dates, hashtag, themes and recognition thresholds as the signed-in staff member, over the
    /// version the form showed (409 when someone saved the year since, or when the thresholds of an edition that has
    /// begun would change); the change is recorded with the staff address.
    /// </summary>
    [Function(nameof(SaveEdition))]
    public async Task<IActionResult> SaveEdition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/editions/{year}")] HttpRequest request,
        string year,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await RequireStaffAsync(request, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        if (!EditionRules.TryParseYear(year, out var number))
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "No such edition", null, new Dictionary<string, string[]> { ["year"] = [$"The year is a number from {EditionRules.FirstYear} to {EditionRules.LastYear}."] });
        }

        var body = await RequestBody.ReadAsync(request, form => new EditionBody
        {
            Starts = form.Field("starts"), Ends = form.Field("ends"), SubmissionsOpen = form.Field("submissionsOpen"), SubmissionsClose = form.Field("submissionsClose"),
            Hashtag = form.Field("hashtag"), Themes = Element(form.Field("themes")), Version = form.Field("version"),
            ChampionEvents = Element(form.Field("championEvents")), ChampionDistricts = Element(form.Field("championDistricts")),
        }, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var html = Responses.WantsPage(request, body.Kind);
        var values = body.Value!.ToForm(out var malformed);
        if (values is null)
        {
            return malformed == "themes"
                ? Responses.Problem(StatusCodes.Status400BadRequest, "Malformed request", "Themes are a list of names or one text.", new Dictionary<string, string[]> { ["themes"] = ["Give the themes as a list of names or one per line."] })
                : Responses.Problem(StatusCodes.Status400BadRequest, "Malformed request", "A threshold is a whole number.", new Dictionary<string, string[]> { [malformed!] = ["Give a whole number."] });
        }

        var result = await editionEditor.SaveAsync(number, values, body.Value!.Version, user!.Email, cancellationToken);
        return result.Outcome switch
        {
            EditionSaveOutcome.Saved => html
                ? Responses.SeeOther(request, "/staff#edition")
                : Responses.JsonBody(StatusCodes.Status200OK, EditionJson.Of(result.Edition!, recognition.Of(result.Edition!), time.GetUtcNow())),
            EditionSaveOutcome.Invalid => html
                ? await ConsoleAsync(StatusCodes.Status400BadRequest, user!, new EditionFormView(number, values, body.Value!.Version ?? "", result.Errors!.ToDictionary()), cancellationToken)
                : Responses.Problem(StatusCodes.Status400BadRequest, "The edition has errors", "Correct the fields named in errors.", result.Errors!.ToDictionary()),
            EditionSaveOutcome.Locked => html
                ? await ConsoleAsync(StatusCodes.Status409Conflict, user!, new EditionFormView(number, values, body.Value!.Version ?? "", result.Errors!.ToDictionary(), Begun: true), cancellationToken)
                : Responses.Problem(StatusCodes.Status409Conflict, "The edition has begun", "Its recognition criteria were published and can no longer change.", result.Errors!.ToDictionary()),
            _ => Answer(html, StatusCodes.Status409Conflict, "The edition changed", "Someone saved this edition since you opened it. Open the console again to see their changes.",
                new Dictionary<string, string[]> { ["version"] = ["The edition was saved by someone else since this version."] }),
        };
    }

    [Function(nameof(SignupAuditTrail))]
    public async Task<IActionResult> SignupAuditTrail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/signups/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (_, denied) = await RequireStaffAsync(request, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var signup = SignupId.TryParse(id, out var signupId) ? await signups.FindAsync(signupId, cancellationToken) : null;
        if (signup is null)
        {
            return Responses.Html(StatusCodes.Status404NotFound, Pages.MessagePage.Render("Sign-up not found", "There is no sign-up with this id."));
        }

        var trail = new List<LinkAuditRecord>();
        await foreach (var record in approvals.For(Decision.Approve).AuditTrailAsync(signup, cancellationToken))
        {
            trail.Add(record);
        }

        return Responses.Html(StatusCodes.Status200OK, AuditTrailPage.Render(signup, trail));
    }

    [Function(nameof(DecideSignup))]
    public async Task<IActionResult> DecideSignup(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/signups/{id}/{decision}")] HttpRequest request,
        string id,
        string decision,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await RequireStaffAsync(request, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        return decision switch
        {
            "approve" => await LinkEndpoints.ActAsAsync(request, approvals.For(Decision.Approve), id, user!.Email, cancellationToken),
            "reject" => await LinkEndpoints.ActAsAsync(request, approvals.For(Decision.Reject), id, user!.Email, cancellationToken),
            "resend" => await SignupResendFunctions.AnswerAsync(request, resends, id, user!.Email, cancellationToken),
            _ => UnknownAction("decision", "approve, reject or resend"),
        };
    }

    [Function(nameof(ModerateComment))]
    public async Task<IActionResult> ModerateComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/comments/{id}/{action}")] HttpRequest request,
        string id,
        string action,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await RequireStaffAsync(request, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        // One function for every action under the comment, answers included: the Functions host tries overlapping
        // routes in the order of their functions' names, not by which is more specific, so a separate
        // ".../{id}/replies" function would never be reached under it.
        if (action == "replies")
        {
            return await ReplyAsync(request, user!, id, cancellationToken);
        }

        ModerationAction? chosen = action switch
        {
            "approve" => ModerationAction.Approve,
            "spam" => ModerationAction.Spam,
            "delete" => ModerationAction.Delete,
            _ => null,
        };
        return chosen is { } known
            ? await LinkEndpoints.ActAsAsync(request, moderation.For(known), id, user!.Email, cancellationToken)
            : UnknownAction("action", "approve, spam, delete or replies");
    }

    /// <summary>
    /// A staff member answers a comment, from the console or the comment's page: published at once under it, marked
    /// "CEM staff" because the session is staff's (nothing posted can set the mark), and emailed once to the asker.
    /// </summary>
    private async Task<IActionResult> ReplyAsync(HttpRequest request, SignedInUser user, string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, form => new ReplyBody { Body = form.Field("body") }, cancellationToken, 16 * 1024);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = CommentId.TryParse(id, out var commentId)
            ? await replies.ReplyAsync(commentId, user.Email, body.Value!.Body, cancellationToken)
            : new ReplyResult(ReplyOutcome.NotFound);
        var html = Responses.WantsPage(request, body.Kind);
        return result.Outcome switch
        {
            ReplyOutcome.Published => html
                ? Responses.SeeOther(request, $"/comments?thread={result.Id!.Value.Thread}#comment-{result.Id}")
                : Responses.JsonBody(StatusCodes.Status201Created, new { id = result.Id!.Value.ToString(), replyTo = result.Id.Value.Parent!.Value.ToString(), status = CommentStatus.Approved }),
            ReplyOutcome.Invalid => Answer(html, StatusCodes.Status400BadRequest, "The reply has errors", "Write the answer (at most 5,000 characters).", result.Errors!.ToDictionary()),
            ReplyOutcome.Refused => Answer(html, StatusCodes.Status409Conflict, "Cannot answer this comment", "This comment was marked as spam or deleted.", null),
            _ => Answer(html, StatusCodes.Status404NotFound, "Comment not found", "There is no comment with this id.", new Dictionary<string, string[]> { ["id"] = ["No comment has this id."] }),
        };
    }

    private static ContentResult Answer(bool html, int status, string title, string detail, IDictionary<string, string[]>? errors) =>
        html ? Responses.Html(status, Pages.MessagePage.Render(title, errors is null ? detail : string.Join(" ", errors.Values.SelectMany(v => v))))
             : Responses.Problem(status, title, detail, errors);

    /// <summary>Moves a poison queue's messages back to its queue for another try; the replay is recorded with the staff address.</summary>
    [Function(nameof(ReplayPoisonQueue))]
    public async Task<IActionResult> ReplayPoisonQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/queues/{queue}/replay")] HttpRequest request,
        string queue,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await RequireStaffAsync(request, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        if (!QueueReplays.IsAppQueue(queue))
        {
            return UnknownAction("queue", "one of the app's queues: " + string.Join(", ", Core.Storage.StorageNames.Queues));
        }

        var replayed = await queues.ReplayAsync(queue, user!.Email, cancellationToken);
        return Responses.WantsHtml(request)
            ? Responses.SeeOther(request, "/staff#queues-heading")
            : Responses.JsonBody(StatusCodes.Status200OK, new { queue, replayed });
    }

    private Task<(SignedInUser? User, IActionResult? Denied)> RequireStaffAsync(HttpRequest request, CancellationToken cancellationToken) =>
        SessionRequests.RequireAsync(request, sessions, user => user.IsStaff, cancellationToken);

    private static JsonElement? Element(string? text) => text is null ? null : JsonSerializer.SerializeToElement(text);

    private static ContentResult UnknownAction(string field, string allowed) =>
        Responses.Problem(StatusCodes.Status404NotFound, "No such action", null, new Dictionary<string, string[]> { [field] = [$"The action is {allowed}."] });
}

/// <summary>
/// An edition as posted: dates <c>yyyy-MM-dd</c>, themes a list or one text (one a line or comma separated), the
/// recognition thresholds as whole numbers (left out: unchanged), and the version the form showed.
/// </summary>
public sealed class EditionBody
{
    public string? Starts { get; set; }

    public string? Ends { get; set; }

    public string? SubmissionsOpen { get; set; }

    public string? SubmissionsClose { get; set; }

    public string? Hashtag { get; set; }

    public JsonElement? Themes { get; set; }

    public string? Version { get; set; }

    public JsonElement? ChampionEvents { get; set; }

    public JsonElement? ChampionDistricts { get; set; }

    /// <summary>The form to check, or null naming the <paramref name="malformed"/> field: themes neither a text nor a list of texts, a threshold neither a number nor a text.</summary>
    public EditionForm? ToForm(out string? malformed)
    {
        malformed = !IsNumberOrText(ChampionEvents) ? "championEvents" : !IsNumberOrText(ChampionDistricts) ? "championDistricts" : null;
        if (malformed is not null)
        {
            return null;
        }

        string? themes;
        if (Themes is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            themes = null;
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            themes = value.GetString();
        }
        else if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String))
        {
            themes = string.Join('\n', value.EnumerateArray().Select(t => t.GetString()));
        }
        else
        {
            malformed = "themes";
            return null;
        }

        return new EditionForm(Starts, Ends, SubmissionsOpen, SubmissionsClose, Hashtag, themes, Text(ChampionEvents), Text(ChampionDistricts));
    }

    private static bool IsNumberOrText(JsonElement? value) => value is null || value.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Number or JsonValueKind.String;

    /// <summary>A threshold as typed: a JSON number as written (so 2.5 is refused by the rules, not rounded), or a text.</summary>
    private static string? Text(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.Number => value.Value.GetRawText(),
        JsonValueKind.String => value.Value.GetString(),
        _ => null,
    };
}

/// <summary>The body of a staff reply: <c>{ "body": "…" }</c>.</summary>
public sealed class ReplyBody
{
    public string? Body { get; set; }
}
