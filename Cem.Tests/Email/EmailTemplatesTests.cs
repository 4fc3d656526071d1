using Cem.Core.Email;

namespace Cem.Tests.Email;

public sealed class EmailTemplatesTests
{
    private readonly EmailTemplates templates = new();

    [Fact]
    public void Every_template_file_set_is_embedded()
    {
        Assert.Equal(
            [EmailTemplateNames.ApprovalRequest, EmailTemplateNames.CommentApproved, EmailTemplateNames.CommentModeration,
             EmailTemplateNames.PressKitReady, EmailTemplateNames.SignupApproved, EmailTemplateNames.SignupReceived, EmailTemplateNames.SignupRejected],
            templates.Names);
    }

    [Theory]
    [MemberData(nameof(TemplateSamples.Names), MemberType = typeof(TemplateSamples))]
    public void Every_template_renders_all_its_values_and_leaves_no_placeholder(string name)
    {
        var values = TemplateSamples.For(name);

        var email = templates.Render(name, values);

        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
        Assert.DoesNotContain('\n', email.Subject);
        foreach (var part in new[] { email.Subject, email.Html, email.Text })
        {
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("}}", part, StringComparison.Ordinal);
        }

        Assert.StartsWith("<!DOCTYPE html>", email.Html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", email.Html, StringComparison.Ordinal);
        // Each email names what it is about: a jurisdiction for sign-ups, the author for comments.
        Assert.Contains(values.TryGetValue("jurisdictionName", out var about) ? about : values["name"], email.Text, StringComparison.Ordinal);

        // The text part carries every link in full.
        foreach (var (key, value) in values.Where(v => v.Key.EndsWith("Url", StringComparison.Ordinal)))
        {
            Assert.Contains(value, email.Text, StringComparison.Ordinal);
            Assert.Contains($"href=\"{value.Replace("&", "&amp;", StringComparison.Ordinal)}\"", email.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Signup_received_subject_names_the_jurisdiction()
    {
        var email = templates.Render(EmailTemplateNames.SignupReceived, TemplateSamples.For(EmailTemplateNames.SignupReceived));

        Assert.Equal("We received your sign-up for Ohio", email.Subject);
        Assert.Contains("December 5, 2026", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_html_encoded_in_the_html_part_and_left_as_they_are_in_the_text_part()
    {
        var values = new Dictionary<string, string>(TemplateSamples.For(EmailTemplateNames.SignupApproved))
        {
            ["organizationName"] = "<script>alert(\"x\")</script> & Co",
        };

        var email = templates.Render(EmailTemplateNames.SignupApproved, values);

        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("<script>alert(\"x\")</script> & Co", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_value_cannot_break_out_of_its_attribute()
    {
        var values = new Dictionary<string, string>(TemplateSamples.For(EmailTemplateNames.SignupApproved))
        {
            ["statesUrl"] = "https://cem.example.org/states?a=\"><script>x</script>",
        };

        var email = templates.Render(EmailTemplateNames.SignupApproved, values);

        Assert.DoesNotContain("\"><script>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_value_that_is_not_http_is_refused()
    {
        var values = new Dictionary<string, string>(TemplateSamples.For(EmailTemplateNames.SignupApproved))
        {
            ["statesUrl"] = "javascript:alert(1)",
        };

        var error = Assert.Throws<EmailTemplateException>(() => templates.Render(EmailTemplateNames.SignupApproved, values));

        Assert.Equal("statesUrl", error.Placeholder);
    }

    [Fact]
    public void A_missing_value_throws_naming_the_template_and_the_placeholder()
    {
        var values = new Dictionary<string, string>(TemplateSamples.For(EmailTemplateNames.SignupReceived));
        values.Remove("confirmUrl");

        var error = Assert.Throws<EmailTemplateException>(() => templates.Render(EmailTemplateNames.SignupReceived, values));

        Assert.Equal(EmailTemplateNames.SignupReceived, error.Template);
        Assert.Equal("confirmUrl", error.Placeholder);
        Assert.Contains("{{confirmUrl}}", error.Message, StringComparison.Ordinal);
        Assert.Contains("signup-received", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_template_name_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => templates.Render("no-such-template", new Dictionary<string, string>()));

        Assert.Contains("no-such-template", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "No specific reason was recorded.")]
    [InlineData("  ", "No specific reason was recorded.")]
    [InlineData("Duplicate sign-up.", "The reason given was: \u201CDuplicate sign-up.\u201D")]
    public void A_rejection_reads_well_with_or_without_a_reason(string? reason, string expected)
    {
        var values = new Dictionary<string, string>(TemplateSamples.For(EmailTemplateNames.SignupRejected))
        {
            ["reasonText"] = EmailTemplateNames.RejectionReasonText(reason),
        };

        var email = templates.Render(EmailTemplateNames.SignupRejected, values);

        Assert.Contains(expected, email.Text, StringComparison.Ordinal);
    }
}
