using System.Reflection;
using Cem.Core.Email;
using Cem.Core.Sessions;
using Cem.Core.Templating;

namespace Cem.Tests.Email;

public sealed class EmailTemplatesTests
{
    private const string Hostile = "<script>alert(\"x\")</script><img src=x onerror=alert(1)> & 'quoted' {{contactName}}";

    private readonly EmailTemplates templates = new();

    [Fact]
    public void Every_template_file_set_is_embedded()
    {
        Assert.Equal(
            new[] { ApprovalRequestEmail.Template, AwardIssuedEmail.Template, CommentAnsweredEmail.Template, CommentApprovedEmail.Template, CommentConfirmEmail.Template, CommentModerationEmail.Template,
             EventChangedEmail.Template, EventReminderEmail.Template, EventReminderConfirmEmail.Template,
             Core.Programs.DistrictApprovalRequestEmail.Template, Core.Programs.DistrictConfirmEmail.Template, Core.Programs.DistrictNewsEmail.Template, Core.Programs.DistrictWelcomeEmail.Template,
             PressKitReadyEmail.Template, SignInEmail.Template, SignupApprovedEmail.Template, SignupReceivedEmail.Template, SignupRejectedEmail.Template,
             SignupReminderEmail.Template, SignupWithdrawnEmail.Template, StaffDigestEmail.Template, Cem.Core.Calendar.SuggestionConfirmEmail.Template, Cem.Core.Calendar.SuggestionModerationEmail.Template,
             Cem.Core.Calendar.SuggestionPublishedEmail.Template, Cem.Core.Calendar.SuggestionRejectedEmail.Template }.Order(StringComparer.Ordinal),
            templates.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_template_matches_its_model_and_every_model_has_its_templates()
    {
        Assert.Empty(templates.Problems);
        Assert.Equal(templates.Names.Count, EmailTemplates.Models.Count);
        Assert.Equal(templates.Names.Order(StringComparer.Ordinal), TemplateSamples.Names().Select(n => (string)n[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TemplateSamples.Names), MemberType = typeof(TemplateSamples))]
    public void Every_template_renders_all_its_values_and_leaves_no_placeholder(string name)
    {
        var values = TemplateSamples.For(name);

        var email = templates.Render(values);

        Assert.Equal(name, email.Template);
        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
        Assert.DoesNotContain('\n', email.Subject);
        foreach (var part in new[] { email.Subject, email.Html, email.Text })
        {
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("}}", part, StringComparison.Ordinal);
            Assert.DoesNotContain("{%", part, StringComparison.Ordinal);
        }

        Assert.StartsWith("<!DOCTYPE html>", email.Html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", email.Html, StringComparison.Ordinal);
        // Each email names what it is about: a jurisdiction for sign-ups, the author for comments, the address signing in,
        // the number waiting for the staff digest, the event for a suggestion's outcome or a reminder, the district for a district's.
        var about = Convert.ToString((Property(values, "JurisdictionName") ?? Property(values, "DistrictName") ?? Property(values, "Name") ?? Property(values, "Address") ?? Property(values, "SignupsWaiting") ?? Property(values, "Title") ?? Property(values, "EventTitle"))!.GetValue(values), System.Globalization.CultureInfo.InvariantCulture)!;
        Assert.Contains(about, email.Text, StringComparison.Ordinal);

        // The text part carries every link in full.
        foreach (var link in values.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(Uri)).Select(p => ((Uri)p.GetValue(values)!).AbsoluteUri))
        {
            Assert.Contains(link, email.Text, StringComparison.Ordinal);
            Assert.Contains($"href=\"{link.Replace("&", "&amp;", StringComparison.Ordinal)}\"", email.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_email_model_says_whether_it_goes_to_a_person_who_gets_a_delete_link_or_to_staff()
    {
        foreach (var model in EmailTemplates.Models)
        {
            var kinds = new[] { typeof(IEmailToPerson), typeof(IEmailToStaff), typeof(IEmailWithoutDataLink) }.Count(kind => kind.IsAssignableFrom(model));
            Assert.True(kinds == 1, $"{model.Name} must implement exactly one of IEmailToPerson (with its data subject), IEmailToStaff or IEmailWithoutDataLink.");
        }

        // The emails to a person without a link of their own; a new one needs a reason written on its model and here
        // (a reminder's unsubscribe forgets the address; the district emails to a state's contacts go only to contacts of
        // approved sign-ups, like the sign-in email).
        Assert.Equal(
            new[] { typeof(SignInEmail), typeof(AwardIssuedEmail), typeof(Cem.Core.Calendar.SuggestionModerationEmail),
             typeof(Core.Programs.DistrictApprovalRequestEmail), typeof(Core.Programs.DistrictNewsEmail),
             typeof(EventReminderConfirmEmail), typeof(EventReminderEmail), typeof(EventChangedEmail) }.Select(t => t.Name).Order(StringComparer.Ordinal),
            EmailTemplates.Models.Where(typeof(IEmailWithoutDataLink).IsAssignableFrom).Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TemplateSamples.Names), MemberType = typeof(TemplateSamples))]
    public void An_email_to_a_person_carries_its_delete_my_data_link_in_both_parts_and_one_to_staff_does_not(string name)
    {
        var values = TemplateSamples.For(name);
        var link = new Uri("https://cem.example.org/delete-my-data/signup?token=a.b&c=1");

        if (values is IEmailToPerson)
        {
            var email = templates.Render(values, link);
            Assert.Contains("href=\"https://cem.example.org/delete-my-data/signup?token=a.b&amp;c=1\"", email.Html, StringComparison.Ordinal);
            Assert.Contains("Delete my data", email.Html, StringComparison.Ordinal);
            Assert.Contains(link.AbsoluteUri, email.Text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Throws<ArgumentException>(() => templates.Render(values, link));
            Assert.DoesNotContain("delete-my-data", templates.Render(values).Html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TemplateSamples.Names), MemberType = typeof(TemplateSamples))]
    public void Every_html_template_encodes_a_hostile_value_in_every_text_field(string name)
    {
        var hostile = (IEmail)WithEveryText(TemplateSamples.For(name), Hostile);

        var email = templates.Render(hostile);

        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("'quoted'", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.Html, StringComparison.Ordinal);
        // Substituted once: the placeholder inside the value is text, in every part.
        Assert.Contains("{{contactName}}", email.Html, StringComparison.Ordinal);
        Assert.Contains(Hostile, email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Signup_received_subject_names_the_jurisdiction()
    {
        var email = templates.Render(TemplateSamples.SignupReceived);

        Assert.Equal("We received your sign-up for Ohio", email.Subject);
        Assert.Contains("December 5, 2026", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Submitted_text_stays_out_of_the_confirmation_greeting_and_subject_and_is_quoted_as_data_below_the_link()
    {
        const string Lure = "Claim your prize at https://evil.example/win";
        var email = templates.Render(TemplateSamples.SignupReceived with { ContactName = Lure, OrganizationName = Lure + " Inc" });

        Assert.DoesNotContain("evil", email.Subject, StringComparison.Ordinal);
        foreach (var part in new[] { email.Html, email.Text })
        {
            var first = part.IndexOf("evil.example", StringComparison.Ordinal);
            Assert.True(first > part.IndexOf("confirm?token=", StringComparison.Ordinal), "submitted text comes after the confirmation link");
            Assert.True(first > part.IndexOf("What was submitted", StringComparison.Ordinal), "submitted text sits under its heading");
        }

        Assert.StartsWith("Hello,\n", email.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"https://evil", email.Html, StringComparison.Ordinal);
        Assert.Contains("Organization: " + Lure + " Inc", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_html_encoded_in_the_html_part_and_left_as_they_are_in_the_text_part()
    {
        var email = templates.Render(TemplateSamples.SignupApproved with { OrganizationName = "<script>alert(\"x\")</script> & Co" });

        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("<script>alert(\"x\")</script> & Co", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_value_cannot_break_out_of_its_attribute()
    {
        var email = templates.Render(TemplateSamples.SignupApproved with { StatesUrl = new Uri("https://cem.example.org/states?a=\"><script>x</script>") });

        Assert.DoesNotContain("\"><script>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_value_that_is_not_http_is_refused()
    {
        var error = Assert.Throws<TemplateException>(() => templates.Render(TemplateSamples.SignupApproved with { StatesUrl = new Uri("javascript:alert(1)") }));

        Assert.Equal("statesUrl", error.Placeholder);
    }

    [Fact]
    public void A_missing_value_throws_naming_the_template_and_the_placeholder()
    {
        var error = Assert.Throws<TemplateException>(() => templates.Render(TemplateSamples.SignupReceived with { ConfirmUrl = null! }));

        Assert.StartsWith(SignupReceivedEmail.Template + ".", error.Template, StringComparison.Ordinal);
        Assert.Equal("confirmUrl", error.Placeholder);
        Assert.Contains("{{confirmUrl}}", error.Message, StringComparison.Ordinal);
        Assert.Contains("signup-received", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_email_model_without_template_files_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => templates.Render(new NoSuchEmail("x")));

        Assert.Contains("no-such-template", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "No specific reason was recorded.")]
    [InlineData("  ", "No specific reason was recorded.")]
    [InlineData("Duplicate sign-up.", "The reason given was: \u201CDuplicate sign-up.\u201D")]
    [InlineData("  Duplicate sign-up. ", "The reason given was: \u201CDuplicate sign-up.\u201D")]
    public void A_rejection_reads_well_with_or_without_a_reason(string reason, string expected)
    {
        var email = templates.Render(TemplateSamples.SignupRejected with { Reason = reason });

        Assert.Contains(expected, email.Text, StringComparison.Ordinal);
        Assert.Contains(expected, email.Html, StringComparison.Ordinal);
    }

    private static PropertyInfo? Property(object model, string name) => model.GetType().GetProperty(name);

    /// <summary>A copy of a model (a positional record) with every string property set to <paramref name="text"/>.</summary>
    private static object WithEveryText(object model, string text)
    {
        var properties = model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var constructor = model.GetType().GetConstructors().Single(c => c.GetParameters().Length == properties.Length);
        return constructor.Invoke(constructor.GetParameters()
            .Select(p => p.ParameterType == typeof(string) ? text : model.GetType().GetProperty(p.Name!)!.GetValue(model))
            .ToArray());
    }

    private sealed record NoSuchEmail(string Value) : IEmail
    {
        public static string Template => "no-such-template";
    }
}
