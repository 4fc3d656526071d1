using Cem.Core.Comments;
using Cem.Core.Email;

namespace Cem.Tests.Comments;

public sealed class CommentEmailTests
{
    private static Dictionary<string, string> Values(string body) => new()
    {
        ["thread"] = "cem-for-states",
        ["name"] = "<script>alert(1)</script>",
        ["email"] = "reader@example.org",
        ["website"] = "(none given)",
        ["createdAt"] = "October 5, 2026 at 12:00 UTC",
        ["body"] = body,
        ["statusText"] = "This comment is waiting for moderation.",
        ["approveUrl"] = "https://cem.example.org/comments/approve?token=a.b",
        ["spamUrl"] = "https://cem.example.org/comments/spam?token=c.d",
        ["deleteUrl"] = "https://cem.example.org/comments/delete?token=e.f",
        ["pageUrl"] = "https://cem.example.org/comments?thread=cem-for-states#comment-x",
        ["expiresOn"] = "October 19, 2026",
    };

    [Fact]
    public void The_moderation_email_quotes_the_comment_as_text_and_placeholders_in_it_stay_text()
    {
        var email = new EmailTemplates().Render(CommentEmails.ModerationTemplate, Values("{{approveUrl}} {{7*7}} <img src=x onerror=alert(1)>"));

        Assert.Contains("{{approveUrl}} {{7*7}} <img src=x onerror=alert(1)>", email.Text, StringComparison.Ordinal);
        Assert.Contains("{{approveUrl}} {{7*7}} &lt;img src=x onerror=alert(1)&gt;", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
        Assert.Equal("New comment from <script>alert(1)</script> on cem-for-states", email.Subject);
    }

    [Fact]
    public void A_line_break_in_a_name_cannot_add_a_header_to_the_subject()
    {
        var email = new EmailTemplates().Render(CommentEmails.ModerationTemplate, new Dictionary<string, string>(Values("x")) { ["name"] = "Eve\r\nBcc: victim@example.org" });

        Assert.DoesNotContain('\n', email.Subject);
        Assert.DoesNotContain('\r', email.Subject);
    }

    [Fact]
    public void The_approved_email_links_to_the_comment()
    {
        var email = new EmailTemplates().Render(CommentEmails.ApprovedTemplate, new Dictionary<string, string>
        {
            ["name"] = "Pat",
            ["thread"] = "cem-for-states",
            ["pageUrl"] = "https://cem.example.org/comments?thread=cem-for-states#comment-x",
        });

        Assert.Contains("https://cem.example.org/comments?thread=cem-for-states#comment-x", email.Text, StringComparison.Ordinal);
        Assert.Equal("Your comment is published", email.Subject);
    }
}
