using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cem.Functions.Http;

/// <summary>
/// The two endpoints of every emailed-link action: the GET page that shows what will happen and a button (mail
/// scanners follow links, so it changes nothing), and the POST the button makes. A browser gets pages; an API
/// client gets JSON <c>{ outcome, message, {id field}, status }</c> or a problem.
/// </summary>
public static class LinkEndpoints
{
    /// <summary>Bodies are a token and perhaps a short note: nothing bigger is read.</summary>
    public const int BodyLimit = 16 * 1024;

    /// <param name="readyPage">The page with the button, from the preview and the token, shown when the link can be used.</param>
    public static async Task<IActionResult> PageAsync<TSubject>(HttpRequest request, LinkAction<TSubject> action, Func<LinkActionResult<TSubject>, string, string> readyPage, CancellationToken cancellationToken)
        where TSubject : class, ITableEntity
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(readyPage);
        string token = request.Query["token"].ToString();
        var result = await action.PreviewAsync(token, cancellationToken);
        return Answer(request, action, result, action.Title, () => readyPage(result, token));
    }

    /// <param name="onDone">
    /// What follows a successful use in the HTTP answer (sign-in sets its session cookie); its answer, when not null,
    /// replaces the usual one.
    /// </param>
    public static Task<IActionResult> ActAsync<TSubject>(HttpRequest request, LinkAction<TSubject> action, CancellationToken cancellationToken, Func<LinkActionResult<TSubject>, Task<IActionResult?>>? onDone = null)
        where TSubject : class, ITableEntity
    {
        ArgumentNullException.ThrowIfNull(action);
        return ActWithBodyAsync(request, action, (form, input) => action.ActAsync(form.Token, input, cancellationToken), onDone, cancellationToken);
    }

    /// <summary>
    /// The same action taken from a signed-in page rather than a link (a staff member's button in the console):
    /// the same body (an optional reason), transition and answers, with <paramref name="actor"/> in the audit trail.
    /// </summary>
    public static Task<IActionResult> ActAsAsync<TSubject>(HttpRequest request, LinkAction<TSubject> action, string subjectId, string actor, CancellationToken cancellationToken)
        where TSubject : class, ITableEntity
    {
        ArgumentNullException.ThrowIfNull(action);
        return ActWithBodyAsync(request, action, (_, input) => action.ActAsAsync(subjectId, actor, input, cancellationToken), null, cancellationToken);
    }

    private static async Task<IActionResult> ActWithBodyAsync<TSubject>(HttpRequest request, LinkAction<TSubject> action, Func<LinkForm, LinkInput, Task<LinkActionResult<TSubject>>> act, Func<LinkActionResult<TSubject>, Task<IActionResult?>>? onDone, CancellationToken cancellationToken)
        where TSubject : class, ITableEntity
    {
        var body = await RequestBody.ReadAsync(request, form => new LinkForm { Token = form.Field("token"), Reason = form.Field("reason") }, cancellationToken, BodyLimit);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var errors = new ValidationErrors();
        var note = Fields.Optional(errors, "reason", "Reason", body.Value!.Reason?.ReplaceLineEndings(" "), LinkInput.MaxNoteLength);
        if (!errors.IsEmpty)
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "The reason has errors", null, errors.ToDictionary());
        }

        var result = await act(body.Value, new LinkInput(note));
        if (result.Outcome == LinkOutcome.Done && onDone is not null && await onDone(result) is { } answer)
        {
            return answer;
        }

        return Answer(request, action, result, action.DoneTitle);
    }

    private static IActionResult Answer<TSubject>(HttpRequest request, LinkAction<TSubject> action, LinkActionResult<TSubject> result, string title, Func<string>? readyPage = null)
        where TSubject : class, ITableEntity =>
        LinkResponses.Answer(request, result.Outcome, result.Link, result.Message, title, Capitalized(action.SubjectNoun) + " not found",
            new Dictionary<string, object?>
            {
                [action.IdField] = result.Subject is null ? null : action.IdOf(result.Subject),
                ["status"] = result.Subject is null ? null : action.StatusOf(result.Subject),
            },
            readyPage);

    private static string Capitalized(string noun) => char.ToUpperInvariant(noun[0]) + noun[1..];
}

/// <summary>The body a link's button posts: the token, and for a rejection an optional reason.</summary>
public sealed class LinkForm
{
    public string? Token { get; set; }
    public string? Reason { get; set; }
}
