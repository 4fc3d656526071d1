using System.Globalization;
using System.Text;
using Cem.Core.Comments;
using Cem.Core.Text;
using static Cem.Functions.Pages.Html;

namespace Cem.Functions.Pages;

/// <summary>
/// The comments page (approved comments with thumbs, then the "Leave a Reply" form) and the
/// moderation pages. Comment text is only ever inserted through <see cref="Html.E"/>.
/// </summary>
public static class CommentPages
{
    public static string Thread(
        string thread,
        CommentPage page,
        IReadOnlyDictionary<string, string> myVotes,
        Challenge challenge,
        CommentForm? values,
        IDictionary<string, string[]>? errors,
        string? continuation)
    {
        ArgumentNullException.ThrowIfNull(page);
        var title = thread == Threads.CemForStates ? "Comments on Connected Educator Month for States" : "Comments on " + thread;
        return Layout(errors is null ? title : "Fix the comment form", $"""
            <h1>{E(title)}</h1>
            <p><a href="/">Back to Connected Educator Month for States</a></p>
            <section aria-labelledby="comments-heading" class="card comments">
            <h2 id="comments-heading">Comments</h2>
            {List(page, myVotes, continuation is { Length: > 0 })}
            {(page.Continuation is null ? "" : $"""<p><a id="more-comments" href="/comments?thread={E(thread)}&amp;continuation={E(Uri.EscapeDataString(page.Continuation))}">Later comments</a></p>""")}
            </section>
            <section aria-labelledby="reply-heading" class="card reply">
            <h2 id="reply-heading">Leave a Reply</h2>
            {Form(thread, challenge, values ?? new CommentForm(), errors)}
            </section>
            """, "form-errors.js", "comments.js");
    }

    private static string List(CommentPage page, IReadOnlyDictionary<string, string> myVotes, bool laterPage)
    {
        if (page.Comments.Count == 0)
        {
            return laterPage ? """<p id="comments-empty">No more comments.</p>""" : """<p id="comments-empty">No comments yet. Be the first to reply.</p>""";
        }

        var items = new StringBuilder();
        foreach (var comment in page.Comments)
        {
            var rowKey = comment.Id[^26..];
            var mine = myVotes.TryGetValue(rowKey, out var direction) ? direction : VoteDirection.None;
            var name = comment.Website is { } site && Uri.TryCreate(site, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? $"""<a href="{E(uri.AbsoluteUri)}" rel="nofollow ugc noopener noreferrer"><bdi>{E(comment.Name)}</bdi></a>"""
                : $"<bdi>{E(comment.Name)}</bdi>";
            items.Append(CultureInfo.InvariantCulture, $"""
                <li class="comment" id="comment-{E(comment.Id)}" data-comment-id="{E(comment.Id)}">
                <article aria-label="Comment by {E(comment.Name)}">
                <header><strong class="comment-author">{name}</strong> <time datetime="{comment.CreatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}">{E(Dates.LongWithTime(comment.CreatedAt))}</time></header>
                <div class="comment-body" dir="auto">{E(comment.Body)}</div>
                <div class="votes" role="group" aria-label="Votes">
                {VoteButton(comment, VoteDirection.Up, mine)}
                {VoteButton(comment, VoteDirection.Down, mine)}
                </div>
                </article>
                </li>
                """);
        }

        return $"""<ol class="comment-list" id="comments">{items}</ol>""";
    }

    private static string VoteButton(PublicComment comment, string direction, string mine)
    {
        var up = direction == VoteDirection.Up;
        var count = up ? comment.Up : comment.Down;
        var pressed = mine == direction;
        return $"""
            <form method="post" action="/api/comments/{E(comment.Id)}/votes" class="vote-form">
            <input type="hidden" name="direction" value="{(pressed ? VoteDirection.None : direction)}">
            <button type="submit" class="vote vote-{direction}" data-direction="{direction}" aria-pressed="{(pressed ? "true" : "false")}" aria-label="{VoteLabel(up, count)}"><span aria-hidden="true">{(up ? "👍" : "👎")}</span> <span class="count">{count}</span></button>
            </form>
            """;
    }

    /// <summary>The button's accessible name; comments.js builds the same words.</summary>
    public static string VoteLabel(bool up, int count) =>
        $"Thumbs {(up ? "up" : "down")}, {count} vote{(count == 1 ? "" : "s")}";

    private static string Form(string thread, Challenge challenge, CommentForm values, IDictionary<string, string[]>? errors)
    {
        errors ??= new Dictionary<string, string[]>();
        string Error(string field) =>
            errors.TryGetValue(field, out var messages)
                ? $"""<p class="error" id="comment-{field}-error">{E(string.Join(" ", messages))}</p>"""
                : $"""<p class="error" id="comment-{field}-error" hidden></p>""";
        string Invalid(string field) => errors.ContainsKey(field) ? """ aria-invalid="true" """ : " ";
        string TextField(string field, string label, string? value, string type, string autocomplete, int maxLength, bool required, string? hint = null) => $"""
            <div class="field">
            <label for="comment-{field}">{E(label)}{(required ? " <span aria-hidden=\"true\">*</span>" : " (optional)")}</label>
            {(hint is null ? "" : $"""<p class="hint" id="comment-{field}-hint">{E(hint)}</p>""")}
            {Error(field)}
            <input id="comment-{field}" name="{field}" type="{type}" value="{E(value)}" autocomplete="{autocomplete}" maxlength="{maxLength}"{(required ? " required" : "")}{Invalid(field)}aria-describedby="{(hint is null ? "" : $"comment-{field}-hint ")}comment-{field}-error">
            </div>
            """;

        var summary = errors.Count == 0
            ? """<div class="error-summary" id="comment-error-summary" role="alert" tabindex="-1" hidden></div>"""
            : $"""
              <div class="error-summary" id="comment-error-summary" role="alert" tabindex="-1">
              <h3>There is a problem</h3>
              <ul>{string.Concat(errors.Select(e => $"""<li><a href="#{E(Anchor(e.Key))}">{E(string.Join(" ", e.Value))}</a></li>"""))}</ul>
              </div>
              """;

        return $"""
            <form id="comment-form" method="post" action="/api/comments" novalidate>
            {summary}
            <p class="hint">Your email address will not be published. Fields marked <span aria-hidden="true">*</span><span class="visually-hidden">with an asterisk</span> are required.</p>
            <input type="hidden" name="thread" value="{E(thread)}">
            <input type="hidden" name="challenge" id="comment-challenge" value="{E(challenge.Token)}">
            <div class="field">
            <label for="comment-body">Comment <span aria-hidden="true">*</span></label>
            {Error("body")}
            <textarea id="comment-body" name="body" rows="6" maxlength="{CommentValidator.MaxBodyLength}" required{Invalid("body")}aria-describedby="comment-body-error">{E(values.Body)}</textarea>
            </div>
            {TextField("name", "Name", values.Name, "text", "name", CommentValidator.MaxNameLength, required: true)}
            {TextField("email", "Email", values.Email, "email", "email", 254, required: true, hint: "Your email address will not be published.")}
            {TextField("website", "Website", values.Website, "url", "url", CommentValidator.MaxWebsiteLength, required: false)}
            <div class="hp" aria-hidden="true">
            <label for="comment-url2">Leave this field empty</label>
            <input id="comment-url2" name="url2" type="text" value="" tabindex="-1" autocomplete="off">
            </div>
            <div class="field">
            <label for="comment-answer"><span id="comment-question">{E(challenge.Question)}</span> <span aria-hidden="true">*</span><span class="visually-hidden">(a question to show you are a person)</span></label>
            {Error("challenge")}
            {Error("answer")}
            <input id="comment-answer" name="answer" type="text" inputmode="numeric" autocomplete="off" maxlength="6" required class="short"{Invalid("answer")}aria-describedby="comment-challenge-error comment-answer-error">
            </div>
            <button type="submit">Post Comment</button>
            </form>
            """;
    }

    private static string Anchor(string field) => field switch
    {
        "name" or "email" or "website" or "body" or "answer" => "comment-" + field,
        "challenge" => "comment-answer",
        _ => "comment-form",
    };

    public static string Posted(string thread, bool published) =>
        Message(
            published ? "Your comment is published" : "Thank you for your comment",
            published
                ? "Your comment is published. Thank you for taking part."
                : "Your comment is awaiting moderation. It will appear once CEM staff approve it, and we will let you know by email.",
            $"""<p><a href="/comments?thread={E(thread)}">Back to the comments</a></p>""");

    public static string ModerationTitle(ModerationAction action) => action switch
    {
        ModerationAction.Approve => "Approve comment",
        ModerationAction.Spam => "Mark comment as spam",
        _ => "Delete comment",
    };

    public static string Moderate(Comment comment, string token, ModerationAction action, string question)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var verb = action.ToString().ToLowerInvariant();
        var button = action switch
        {
            ModerationAction.Approve => """<button type="submit">Approve and publish</button>""",
            ModerationAction.Spam => """<button type="submit" class="danger">Mark as spam</button>""",
            _ => """<button type="submit" class="danger">Delete comment</button>""",
        };
        return Layout(ModerationTitle(action), $"""
            <h1>{E(question)}</h1>
            <dl class="details">
            <dt>Page</dt><dd>{E(comment.PartitionKey)}</dd>
            <dt>Name</dt><dd><bdi>{E(comment.Name)}</bdi></dd>
            <dt>Email</dt><dd>{E(comment.Email)}</dd>
            <dt>Website</dt><dd>{E(comment.Website ?? "(none given)")}</dd>
            <dt>Posted</dt><dd>{E(Dates.LongWithTime(comment.CreatedAt))}</dd>
            <dt>Status</dt><dd>{E(comment.Status)}{(comment.ModerationNote is null ? "" : " — " + E(comment.ModerationNote))}</dd>
            </dl>
            <blockquote class="comment-body" dir="auto">{E(comment.Body)}</blockquote>
            <form method="post" action="/api/comments/{verb}">
            <input type="hidden" name="token" value="{E(token)}">
            {button}
            </form>
            """);
    }
}
