using System.Text;
using Cem.Core.Editions;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Core.Templating;
using Microsoft.Extensions.Configuration;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Cem.Tests.PressKits;

public sealed class PressKitBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PressKitTemplates templates = new();

    private static Signup Ohio(params string[] activities) => new()
    {
        PartitionKey = "OH",
        RowKey = "01JD0000000000000000000000",
        Status = SignupStatus.Approved,
        OrganizationName = "Ohio Department of Education & Workforce",
        ContactName = "Ada Lovelace",
        ContactTitle = "Director of Digital Learning",
        Email = "ada@education.ohio.gov",
        Activities = string.Join(',', activities),
        DecidedAt = new DateTimeOffset(2026, 8, 28, 15, 0, 0, TimeSpan.Zero),
    };

    private static Signup Other(string code, string organization, string row) => new()
    {
        PartitionKey = code,
        RowKey = row,
        Status = SignupStatus.Approved,
        OrganizationName = organization,
        DecidedAt = Now,
    };

    private PressKitContent Content(Signup signup, params Signup[] others) =>
        PressKitContent.For(signup, [.. new[] { signup }.Concat(others).Select(ListedSignup.Of)], (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), templates.Fingerprint, Now);

    private Dictionary<string, byte[]> Build(PressKitContent content) =>
        PressKitTesting.Unzip(new MemoryStream(new PressKitBuilder(templates).Build(content.WithVersion(3), Now)));

    [Fact]
    public void The_zip_holds_every_part_and_no_placeholder_is_left_in_any()
    {
        var parts = Build(Content(Ohio(Activities.PressRelease)));

        Assert.Equal(PressKitBuilder.Parts.Order(StringComparer.Ordinal), parts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["README.txt", "cem-logo.svg", "fact-sheet.html", "press-release.docx", "press-release.html", "press-release.txt"], parts.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in parts)
        {
            Assert.NotEmpty(bytes);
            var text = name.EndsWith(".docx", StringComparison.Ordinal) ? WordText(bytes) : Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
            Assert.DoesNotContain("}}", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_word_document_opens_with_OpenXml_and_holds_the_personalised_release()
    {
        var parts = Build(Content(Ohio(Activities.PressRelease, Activities.CalendarEvents)));

        using var document = WordprocessingDocument.Open(new MemoryStream(parts["press-release.docx"]), false);
        var text = document.MainDocumentPart!.Document!.Body!.InnerText;

        Assert.Contains("Ohio joins Connected Educator Month 2026", text, StringComparison.Ordinal);
        Assert.Contains("Ohio Department of Education & Workforce", text, StringComparison.Ordinal);
        Assert.Contains("Ada Lovelace, Director of Digital Learning", text, StringComparison.Ordinal);
        Assert.Contains("October 1–31, 2026", text, StringComparison.Ordinal);
        Assert.Contains("During the month, Ohio Department of Education & Workforce will host events for Ohio educators on the Connected Educator Month calendar.", text, StringComparison.Ordinal);
        Assert.Equal("Ohio joins Connected Educator Month 2026", document.PackageProperties.Title);
    }

    [Fact]
    public void The_word_html_and_text_versions_carry_the_same_release()
    {
        var parts = Build(Content(Ohio(Activities.OwnCem)));
        var word = WordText(parts["press-release.docx"]);
        var html = Encoding.UTF8.GetString(parts["press-release.html"]);
        var text = Encoding.UTF8.GetString(parts["press-release.txt"]);

        const string sentence = "During the month, Ohio Department of Education & Workforce will run its own Connected Educator Month with districts across Ohio.";
        Assert.Contains(sentence, word, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(sentence), html, StringComparison.Ordinal);
        Assert.Contains(sentence, text, StringComparison.Ordinal);
        Assert.Contains("<h1>Ohio joins Connected Educator Month 2026</h1>", html, StringComparison.Ordinal);
        Assert.Contains("OHIO JOINS CONNECTED EDUCATOR MONTH 2026", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fact_sheet_has_the_national_and_state_figures_with_values_html_encoded()
    {
        var parts = Build(Content(Ohio(), Other("OH", "Ohio <Association> of Teachers", "01JD0000000000000000000001"), Other("TX", "Texas Education Agency", "01JD0000000000000000000002")));
        var sheet = Encoding.UTF8.GetString(parts["fact-sheet.html"]);

        Assert.Contains("""<td class="figure">3</td>""", sheet, StringComparison.Ordinal);   // organizations nationwide
        Assert.Contains("""<td class="figure">2</td>""", sheet, StringComparison.Ordinal);   // jurisdictions
        Assert.Contains("<li>Ohio &lt;Association&gt; of Teachers</li><li>Ohio Department of Education &amp; Workforce</li>", sheet, StringComparison.Ordinal);
        Assert.Contains("None yet (sign-up only)", sheet, StringComparison.Ordinal);
        Assert.Contains("August 28, 2026", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<Association>", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_press_kit_template_matches_its_model()
    {
        Assert.Empty(templates.Problems);
    }

    [Fact]
    public void The_word_headline_and_subheadline_use_the_heading_styles_that_the_styles_part_defines()
    {
        var parts = Build(Content(Ohio(Activities.PressRelease)));

        using var document = WordprocessingDocument.Open(new MemoryStream(parts["press-release.docx"]), false);
        var paragraphs = document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().ToList();
        string? StyleOf(string startsWith) =>
            paragraphs.Single(p => p.InnerText.StartsWith(startsWith, StringComparison.Ordinal)).ParagraphProperties?.ParagraphStyleId?.Val?.Value;

        Assert.Equal("Heading1", StyleOf("Ohio joins Connected Educator Month 2026"));
        Assert.Equal("Heading2", StyleOf("Ohio Department of Education & Workforce invites educators"));
        Assert.Null(StyleOf("FOR IMMEDIATE RELEASE")); // Normal
        Assert.Equal(2, paragraphs.Count(p => p.ParagraphProperties?.ParagraphStyleId is not null));

        // styles.xml defines them as Word's built-in headings (Word knows those by name) on a Normal default.
        var styles = document.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!);
        Assert.Equal("heading 1", styles["Heading1"].StyleName!.Val!.Value);
        Assert.Equal("heading 2", styles["Heading2"].StyleName!.Val!.Value);
        Assert.Equal(0, styles["Heading1"].StyleParagraphProperties!.OutlineLevel!.Val!.Value);
        Assert.Equal(1, styles["Heading2"].StyleParagraphProperties!.OutlineLevel!.Val!.Value);
        Assert.True(styles["Normal"].Default!.Value);
        Assert.All(styles.Values, s => Assert.Equal(StyleValues.Paragraph, s.Type!.Value));
        Assert.Empty(new OpenXmlValidator().Validate(document));
    }

    [Fact]
    public void Figures_read_right_in_the_singular_and_the_plural()
    {
        var alone = Encoding.UTF8.GetString(Build(Content(Ohio()))["press-release.txt"]);
        var two = Encoding.UTF8.GetString(Build(Content(Ohio(), Other("TX", "Texas Education Agency", "01JD0000000000000000000002")))["press-release.txt"]);
        var three = Encoding.UTF8.GetString(Build(Content(Ohio(), Other("OH", "Ohio Association of Teachers", "01JD0000000000000000000001"), Other("TX", "Texas Education Agency", "01JD0000000000000000000002")))["press-release.txt"]);

        Assert.Contains("Ohio is the only state or jurisdiction taking part so far this year, with 1 confirmed participating organization nationwide.", alone, StringComparison.Ordinal);
        Assert.Contains("Ohio is one of 2 states and jurisdictions taking part this year, with 2 confirmed participating organizations nationwide.", two, StringComparison.Ordinal);
        Assert.Contains("Ohio is one of 2 states and jurisdictions taking part this year, with 3 confirmed participating organizations nationwide.", three, StringComparison.Ordinal);
        Assert.DoesNotContain("one of 1 ", alone, StringComparison.Ordinal);
        Assert.DoesNotContain(" 1 confirmed participating organizations", alone, StringComparison.Ordinal);

        var aloneSheet = Encoding.UTF8.GetString(Build(Content(Ohio()))["fact-sheet.html"]);
        var threeSheet = Encoding.UTF8.GetString(Build(Content(Ohio(), Other("OH", "Ohio Association of Teachers", "01JD0000000000000000000001"), Other("TX", "Texas Education Agency", "01JD0000000000000000000002")))["fact-sheet.html"]);
        Assert.Contains("""<th scope="row">Confirmed participating organization nationwide</th><td class="figure">1</td>""", aloneSheet, StringComparison.Ordinal);
        Assert.Contains("""<th scope="row">State or jurisdiction taking part</th><td class="figure">1</td>""", aloneSheet, StringComparison.Ordinal);
        Assert.Contains("""<th scope="row">Participating organization in Ohio</th>""", aloneSheet, StringComparison.Ordinal);
        Assert.Contains("""<th scope="row">Confirmed participating organizations nationwide</th><td class="figure">3</td>""", threeSheet, StringComparison.Ordinal);
        Assert.Contains("""<th scope="row">States and jurisdictions taking part</th><td class="figure">2</td>""", threeSheet, StringComparison.Ordinal);
        Assert.Contains("""<th scope="row">Participating organizations in Ohio</th>""", threeSheet, StringComparison.Ordinal);
    }

    private static readonly Uri OhioProgram = new("https://cem.example.org/states/OH/cem");

    private static readonly HeadlineEvent[] Headlines =
        [new("Ohio chat", "October 6"), new("AI in classrooms", "October 9"), new("Literacy <live>", "October 14")];

    private Dictionary<string, byte[]> WithProgram(int districts, params HeadlineEvent[] headlines) =>
        Build(PressKitContent.For(Ohio(), [ListedSignup.Of(Ohio())], (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), templates.Fingerprint, Now,
            new ProgramFacts(OhioProgram, districts, headlines)));

    [Fact]
    public void A_published_program_is_named_in_the_release_with_its_page_its_districts_and_its_headline_events()
    {
        var none = WithProgram(0, Headlines);
        var one = WithProgram(1, Headlines[0]);
        var two = WithProgram(2, Headlines[..2]);
        var many = WithProgram(17, Headlines);

        // Word, web page and text carry the same paragraph.
        foreach (var release in new[] { WordText(none["press-release.docx"]), Encoding.UTF8.GetString(none["press-release.txt"]), System.Net.WebUtility.HtmlDecode(Encoding.UTF8.GetString(none["press-release.html"])) })
        {
            Assert.Contains("Ohio's own Connected Educator Month program is online at https://cem.example.org/states/OH/cem. Its highlights include Ohio chat on October 6, AI in classrooms on October 9 and Literacy <live> on October 14.", release, StringComparison.Ordinal);
            Assert.DoesNotContain("district", release.Split("program is online at")[1].Split('.')[0], StringComparison.Ordinal);
        }

        var oneText = Encoding.UTF8.GetString(one["press-release.txt"]);
        Assert.Contains("program is online at https://cem.example.org/states/OH/cem, with one district taking part so far. Its highlights include Ohio chat on October 6.", oneText, StringComparison.Ordinal);
        Assert.Contains("program is online at https://cem.example.org/states/OH/cem, with 2 districts taking part so far. Its highlights include Ohio chat on October 6 and AI in classrooms on October 9.", Encoding.UTF8.GetString(two["press-release.txt"]), StringComparison.Ordinal);
        Assert.Contains(", with 17 districts taking part so far.", Encoding.UTF8.GetString(many["press-release.txt"]), StringComparison.Ordinal);
        Assert.Contains("program is online at https://cem.example.org/states/OH/cem, with one district taking part so far.", WordText(one["press-release.docx"]), StringComparison.Ordinal);

        // No headline events: the page and the districts, and no empty "highlights".
        var quiet = Encoding.UTF8.GetString(WithProgram(2)["press-release.txt"]);
        Assert.Contains("is online at https://cem.example.org/states/OH/cem, with 2 districts taking part so far.\n", quiet, StringComparison.Ordinal);
        Assert.DoesNotContain("highlights", quiet, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fact_sheet_names_the_program_and_says_how_many_districts_take_part_in_the_singular_and_the_plural()
    {
        string Sheet(Dictionary<string, byte[]> parts) => Encoding.UTF8.GetString(parts["fact-sheet.html"]);
        var none = Sheet(WithProgram(0));
        var one = Sheet(WithProgram(1, Headlines[0]));
        var two = Sheet(WithProgram(2, Headlines));

        Assert.Contains("""<th scope="row">Ohio's CEM program</th><td><a href="https://cem.example.org/states/OH/cem">https://cem.example.org/states/OH/cem</a></td>""", none, StringComparison.Ordinal);
        Assert.DoesNotContain("Districts in the program", none, StringComparison.Ordinal); // zero is not a figure to print
        Assert.DoesNotContain("Headline events", none, StringComparison.Ordinal);
        Assert.Contains("""<th scope="row">Districts in the program</th><td><span class="figure">1</span> district takes part</td>""", one, StringComparison.Ordinal);
        Assert.Contains("""<th scope="row">Districts in the program</th><td><span class="figure">2</span> districts take part</td>""", two, StringComparison.Ordinal);
        Assert.Contains("<li>October 6: Ohio chat</li><li>October 9: AI in classrooms</li><li>October 14: Literacy &lt;live&gt;</li>", two, StringComparison.Ordinal);
        Assert.DoesNotContain("<live>", two, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_program_the_kit_says_nothing_of_one_and_a_program_changes_the_kits_data()
    {
        var without = Build(Content(Ohio(Activities.OwnCem)));
        Assert.DoesNotContain("program is online", Encoding.UTF8.GetString(without["press-release.txt"]), StringComparison.Ordinal);
        Assert.DoesNotContain("CEM program", Encoding.UTF8.GetString(without["fact-sheet.html"]), StringComparison.Ordinal);

        ProgramFacts Facts(int districts) => new(OhioProgram, districts, Headlines);
        string Hash(ProgramFacts? facts) => PressKitContent.For(Ohio(), [ListedSignup.Of(Ohio())], (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), templates.Fingerprint, Now, facts).InputHash;
        Assert.Equal(Hash(null), Hash(ProgramFacts.None));
        Assert.NotEqual(Hash(null), Hash(Facts(0)));
        Assert.NotEqual(Hash(Facts(0)), Hash(Facts(1))); // a district joining makes a new version
        Assert.Equal(Hash(Facts(1)), Hash(Facts(1)));
    }

    [Fact]
    public void Every_html_part_of_the_kit_encodes_a_hostile_value()
    {
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> {{jurisdictionName}}";
        var signup = Ohio(Activities.PressRelease);
        signup.OrganizationName = hostile;
        signup.ContactName = hostile;
        signup.ContactTitle = hostile;
        var parts = Build(Content(signup, Other("OH", hostile + " 2", "01JD0000000000000000000001")));

        foreach (var name in parts.Keys.Where(n => n.EndsWith(".html", StringComparison.Ordinal)))
        {
            var html = Encoding.UTF8.GetString(parts[name]);
            Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.Contains("{{jurisdictionName}}", html, StringComparison.Ordinal); // substituted once
        }

        Assert.Contains(hostile, Encoding.UTF8.GetString(parts["press-release.txt"]), StringComparison.Ordinal);
        Assert.Contains(hostile, WordText(parts["press-release.docx"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_placeholder_without_a_value_fails_the_kit_naming_template_and_placeholder()
    {
        var files = new Dictionary<string, string>
        {
            [PressKitTemplates.PressRelease] = "# {{jurisdictionName}} joins CEM\n\n{{superintendentQuote}}",
            [PressKitTemplates.PressReleasePage] = "<h1>{{headline}}</h1>{% for block in blocks %}<p>{{ block.text }}</p>{% endfor %}",
            [PressKitTemplates.FactSheet] = "<p>{{jurisdictionName}}</p>",
            [PressKitTemplates.Readme] = "{{jurisdictionName}}",
            [PressKitTemplates.Logo] = "<svg/>",
        };
        var broken = new PressKitTemplates(files);

        var error = Assert.Throws<TemplateException>(() =>
            new PressKitBuilder(broken).Build(PressKitContent.For(Ohio(), [ListedSignup.Of(Ohio())], (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), broken.Fingerprint, Now).WithVersion(1), Now));

        Assert.Equal(PressKitTemplates.PressRelease, error.Template);
        Assert.Equal("superintendentQuote", error.Placeholder);
        Assert.Contains("press-release.md", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_data_hashes_the_same_and_a_change_or_a_template_edit_hashes_differently()
    {
        var first = Content(Ohio(Activities.PressRelease));
        var later = PressKitContent.For(Ohio(Activities.PressRelease), [ListedSignup.Of(Ohio(Activities.PressRelease))], (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), templates.Fingerprint, Now.AddDays(3));
        var moreActivities = Content(Ohio(Activities.PressRelease, Activities.Recognition));
        var otherState = Content(Ohio(Activities.PressRelease), Other("TX", "Texas Education Agency", "01JD0000000000000000000002"));
        var editedTemplates = PressKitContent.For(Ohio(Activities.PressRelease), [ListedSignup.Of(Ohio(Activities.PressRelease))], (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), "another", Now);

        Assert.Equal(first.InputHash, later.InputHash); // the date of compiling is a stamp, not data
        Assert.NotEqual(first.Values.CreatedOn, later.Values.CreatedOn);
        Assert.NotEqual(first.InputHash, moreActivities.InputHash);
        Assert.NotEqual(first.InputHash, otherState.InputHash);
        Assert.NotEqual(first.InputHash, editedTemplates.InputHash);
    }

    [Fact]
    public void Cem_dates_are_the_current_editions_unless_a_setting_overrides_them()
    {
        var edition = Edition.Default(2027) with { Starts = new DateOnly(2027, 10, 4), Ends = new DateOnly(2027, 11, 14) };
        Assert.Equal((new DateOnly(2027, 10, 4), new DateOnly(2027, 11, 14)), new PressKitOptions().DatesFor(edition));
        Assert.Equal((new DateOnly(2027, 9, 15), new DateOnly(2027, 11, 14)), new PressKitOptions { CemStart = new DateOnly(2027, 9, 15) }.DatesFor(edition));
        Assert.Equal("October 1–31, 2026", PressKitContent.DateRange(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)));
        Assert.Equal("September 15 – October 31, 2026", PressKitContent.DateRange(new DateOnly(2026, 9, 15), new DateOnly(2026, 10, 31)));
    }

    [Fact]
    public void The_release_reads_as_a_state_press_office_would_send_it()
    {
        var release = Encoding.UTF8.GetString(Build(Content(Ohio(Activities.PressRelease, Activities.OwnCem, Activities.CalendarEvents, Activities.StateData)))["press-release.txt"]);

        // A dateline from the capital and the date; the activities as what the agency will do; no talk of issuing this release.
        Assert.Contains("COLUMBUS, Ohio (September 1, 2026) — Ohio Department of Education & Workforce today announced", release, StringComparison.Ordinal);
        Assert.Contains(
            "During the month, Ohio Department of Education & Workforce will run its own Connected Educator Month with districts across Ohio, host events for Ohio educators on the Connected Educator Month calendar, and track and share how Ohio educators take part.",
            release, StringComparison.Ordinal);
        Assert.DoesNotContain("press release", release, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("It plans to", release, StringComparison.Ordinal);
        Assert.Contains("the only state or jurisdiction taking part so far this year, with 1 confirmed participating organization nationwide", release, StringComparison.Ordinal);
        Assert.DoesNotContain("one of 1 ", release, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dateline_uses_the_city_the_sign_up_gives_and_the_district_stands_alone()
    {
        var ohio = Ohio(Activities.PressRelease);
        ohio.City = "Dublin";
        Assert.Contains("DUBLIN, Ohio (", Encoding.UTF8.GetString(Build(Content(ohio))["press-release.txt"]), StringComparison.Ordinal);
        Assert.Equal("WASHINGTON", Cem.Core.Jurisdictions.Capitals.Dateline(Cem.Core.Jurisdictions.Jurisdiction.Find("DC"), null));
        Assert.Equal("HAGÅTÑA, Guam", Cem.Core.Jurisdictions.Capitals.Dateline(Cem.Core.Jurisdictions.Jurisdiction.Find("GU"), " "));
        Assert.All(Cem.Core.Jurisdictions.Jurisdiction.All, j => Assert.False(string.IsNullOrWhiteSpace(Cem.Core.Jurisdictions.Capitals.Of(j))));
    }

    [Fact]
    public void The_media_contact_prints_email_and_phone_only_when_the_contact_chose_to_publish_them()
    {
        var ohio = Ohio(Activities.PressRelease);
        ohio.Phone = "614-555-0100";
        var withheld = Encoding.UTF8.GetString(Build(Content(ohio))["press-release.txt"]);
        ohio.PublishMediaContact = true;
        var published = Encoding.UTF8.GetString(Build(Content(ohio))["press-release.txt"]);

        Assert.Contains("Media contact: Ada Lovelace, Director of Digital Learning, Ohio Department of Education & Workforce", withheld, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@education.ohio.gov", withheld, StringComparison.Ordinal);
        Assert.DoesNotContain("614-555-0100", withheld, StringComparison.Ordinal);
        Assert.Contains("Media contact: Ada Lovelace, Director of Digital Learning, Ohio Department of Education & Workforce, ada@education.ohio.gov, 614-555-0100", published, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_press_release_or_no_activity_leaves_the_activities_sentence_out()
    {
        Assert.Equal("", PressKitContent.ActivitiesSentence("Agency", "Ohio", []));
        Assert.Equal("", PressKitContent.ActivitiesSentence("Agency", "Ohio", [Activities.PressRelease]));
        Assert.Equal("During the month, Agency will track and share how Ohio educators take part.", PressKitContent.ActivitiesSentence("Agency", "Ohio", [Activities.StateData]));
        var release = Encoding.UTF8.GetString(Build(Content(Ohio(Activities.PressRelease)))["press-release.txt"]);
        Assert.DoesNotContain("During the month", release, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", release, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_cem_date_settings_bind_to_the_editions_dates_and_set_ones_to_their_dates()
    {
        static PressKitOptions Bind(string start, string end)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cem:PressKits:CemStart"] = start,
                ["Cem:PressKits:CemEnd"] = end,
            }).Build();
            return configuration.GetSection(PressKitOptions.Section).Get<PressKitOptions>()!;
        }

        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), Bind("", "").DatesFor(Edition.Default(2026)));
        Assert.Equal((new DateOnly(2026, 10, 5), new DateOnly(2026, 11, 2)), Bind("2026-10-05", "2026-11-02").DatesFor(Edition.Default(2026)));
    }

    private static string WordText(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Join("\n", document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText));
    }
}
