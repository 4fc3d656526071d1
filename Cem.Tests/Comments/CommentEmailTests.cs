using Cem.Core.Email;

namespace Cem.Tests.Comments;

public sealed class CommentEmailTests
{
    private static CommentModerationEmail Moderation(string body) => new(
        Thread: "cem-for-states",
        Name: "<script>alert(1)</script>",
        Email: "reader@example.org",
        Website: "(none given)",
        CreatedAt: "October 5, 2026 at 12:00 UTC",
        Body: body,
        StatusText: "This comment is waiting for moderation.",
        ApproveUrl: new Uri("https://cem.example.org/comments/approve?token=a.b"),
        SpamUrl: new Uri("https://cem.example.org/comments/spam?token=c.d"),
        DeleteUrl: new Uri("https://cem.example.org/comments/delete?token=e.f"),
        PageUrl: new Uri("https://cem.example.org/comments?thread=cem-for-states#comment-x"),
        ExpiresOn: "October 19, 2026");

    [Fact]
    public void The_moderation_email_quotes_the_comment_as_text_and_placeholders_in_it_stay_text()
    {
        var email = new EmailTemplates().Render(Moderation("{{approveUrl}} {{7*7}} {% if true %}x{% endif %} <img src=x onerror=alert(1)>"));

        Assert.Contains("{{approveUrl}} {{7*7}} {% if true %}x{% endif %} <img src=x onerror=alert(1)>", email.Text, StringComparison.Ordinal);
        Assert.Contains("{{approveUrl}} {{7*7}} {% if true %}x{% endif %} &lt;img src=x onerror=alert(1)&gt;", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
        Assert.Equal("New comment from <script>alert(1)</script> on cem-for-states", email.Subject);
    }

    [Fact]
    public void A_line_break_in_a_name_cannot_add_a_header_to_the_subject()
    {
        var email = new EmailTemplates().Render(Moderation("x") with { Name = "Eve\r\nBcc: victim@example.org" });

        Assert.DoesNotContain('\n', email.Subject);
        Assert.DoesNotContain('\r', email.Subject);
    }

    [Fact]
    public void The_approved_email_links_to_the_comment()
    {
        var email = new EmailTemplates().Render(new CommentApprovedEmail(
            Name: "Pat",
            PageUrl: new Uri("https://cem.example.org/comments?thread=cem-for-states#comment-x"),
            DataSubject: Email.TemplateSamples.CommentSubject));

        Assert.Contains("https://cem.example.org/comments?thread=cem-for-states#comment-x", email.Text, StringComparison.Ordinal);
        Assert.Equal("Your comment is published", email.Subject);
    }
}
