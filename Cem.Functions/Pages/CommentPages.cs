using Cem.Core.Comments;
using Cem.Functions.Comments;

namespace Cem.Functions.Pages;

/// <summary>
/// The pages behind the comment moderation links, by the names the moderation functions call. The page itself
/// is <see cref="ModerationPage"/> in Comments/.
/// </summary>
public static class CommentPages
{
    public static string ModerationTitle(ModerationAction action) => ModerationPage.Title(action);

    public static string Moderate(Comment comment, string token, ModerationAction action, string message) =>
        ModerationPage.Render(comment, token, action, message);
}
