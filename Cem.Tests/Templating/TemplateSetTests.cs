using Cem.Core.Templating;

namespace Cem.Tests.Templating;

public sealed class TemplateSetTests
{
    public sealed record Greeting(string Name, Uri ProfileUrl);

    public sealed record Agenda(string Title, IReadOnlyList<Item> Items);

    public sealed record Item(string Text, int Minutes);

    private static TemplateSet Set(string file, string source, TemplateBinding binding) =>
        new(new Dictionary<string, string> { [file] = source }, [binding]);

    private static TemplateSet Greetings(string html) =>
        Set("greeting.html", html, TemplateBinding.For<Greeting>("greeting.html"));

    private static readonly Greeting Ada = new("Ada", new Uri("https://example.org/ada"));

    [Fact]
    public void A_template_that_matches_its_model_has_no_problems_and_renders_encoded()
    {
        var set = Greetings("""<p>Hello {{ name }}</p><a href="{{ profileUrl }}">profile</a>""");

        Assert.Empty(set.Problems);
        Assert.Equal("""<p>Hello &lt;b&gt;Ada&lt;/b&gt;</p><a href="https://example.org/ada?a=1&amp;b=2">profile</a>""",
            set.Render("greeting.html", new Greeting("<b>Ada</b>", new Uri("https://example.org/ada?a=1&b=2"))));
    }

    [Fact]
    public void A_placeholder_without_a_property_is_caught_naming_the_file_and_the_placeholder()
    {
        var set = Greetings("""<p>Hello {{ name }} ({{ nickname }})</p><a href="{{ profileUrl }}">profile</a>""");

        var problem = Assert.Single(set.Problems);
        Assert.Contains("{{nickname}}", problem, StringComparison.Ordinal);
        var error = Assert.Throws<TemplateException>(() => set.Render("greeting.html", Ada));
        Assert.Equal("greeting.html", error.Template);
        Assert.Equal("nickname", error.Placeholder);
    }

    [Fact]
    public void A_property_the_template_does_not_use_is_caught()
    {
        var set = Greetings("<p>Hello {{ name }}</p>");

        var problem = Assert.Single(set.Problems);
        Assert.Contains("Greeting.ProfileUrl is not used", problem, StringComparison.Ordinal);
        var error = Assert.Throws<TemplateException>(() => set.Render("greeting.html", Ada));
        Assert.Equal("profileUrl", error.Placeholder);
    }

    [Fact]
    public void A_property_used_by_any_file_of_its_binding_counts_as_used()
    {
        var set = new TemplateSet(
            new Dictionary<string, string> { ["greeting.txt"] = "Hello {{ name }}", ["greeting.html"] = """<a href="{{ profileUrl }}">you</a>""" },
            [TemplateBinding.For<Greeting>("greeting.txt", "greeting.html")]);

        Assert.Empty(set.Problems);
        Assert.Equal("Hello <b>Ada</b>", set.Render("greeting.txt", Ada with { Name = "<b>Ada</b>" }));
    }

    [Fact]
    public void A_file_without_a_model_a_missing_file_and_a_syntax_error_are_caught()
    {
        var set = new TemplateSet(
            new Dictionary<string, string> { ["greeting.html"] = "Hello {{ name }} {% if %}", ["stray.txt"] = "{{ x }}" },
            [TemplateBinding.For<Greeting>("greeting.html", "greeting.txt")]);

        Assert.Contains(set.Problems, p => p.Contains("'stray.txt' has no model", StringComparison.Ordinal));
        Assert.Contains(set.Problems, p => p.Contains("'greeting.txt' (Greeting) is missing", StringComparison.Ordinal));
        Assert.Contains(set.Problems, p => p.Contains("'greeting.html' does not parse", StringComparison.Ordinal));
        Assert.Equal("greeting.html", Assert.Throws<TemplateException>(() => set.Render("greeting.html", Ada)).Template);
    }

    [Fact]
    public void The_raw_filter_does_not_exist_so_a_value_cannot_skip_encoding()
    {
        var set = Greetings("""<p>{{ name | raw }}</p><a href="{{ profileUrl }}">profile</a>""");

        Assert.Contains(set.Problems, p => p.Contains("filter 'raw'", StringComparison.Ordinal));
        Assert.Throws<TemplateException>(() => set.Render("greeting.html", Ada with { Name = "<script>x</script>" }));
    }

    [Fact]
    public void A_link_property_must_be_a_uri_and_its_value_absolute_http()
    {
        var set = Greetings("""<a href="{{ profileUrl }}">{{ name }}</a>""");

        var error = Assert.Throws<TemplateException>(() => set.Render("greeting.html", Ada with { ProfileUrl = new Uri("javascript:alert(1)") }));
        Assert.Equal("profileUrl", error.Placeholder);
        Assert.Throws<TemplateException>(() => set.Render("greeting.html", Ada with { ProfileUrl = new Uri("/relative", UriKind.Relative) }));

        var stringLink = Set("link.txt", "{{ homeUrl }}", TemplateBinding.For<StringLink>("link.txt"));
        Assert.Contains(stringLink.Problems, p => p.Contains("StringLink.HomeUrl is a link: it must be a Uri", StringComparison.Ordinal));
    }

    [Fact]
    public void A_null_value_is_refused_naming_its_placeholder()
    {
        var set = Greetings("""<a href="{{ profileUrl }}">{{ name }}</a>""");

        var error = Assert.Throws<TemplateException>(() => set.Render("greeting.html", Ada with { Name = null! }));

        Assert.Equal("name", error.Placeholder);
        Assert.Equal("greeting.html", error.Template);
    }

    [Fact]
    public void Loops_read_the_items_of_a_list_and_their_variables_are_not_placeholders()
    {
        var set = Set("agenda.html", "<h1>{{ title }}</h1>{% for item in items %}<p>{{ item.text }}: {{ item.minutes }} min{% unless forloop.last %},{% endunless %}</p>{% endfor %}",
            TemplateBinding.For<Agenda>("agenda.html"));

        Assert.Empty(set.Problems);
        Assert.Equal("<h1>Day &amp; night</h1><p>&lt;Welcome&gt;: 5 min,</p><p>Talk: 30 min</p>",
            set.Render("agenda.html", new Agenda("Day & night", [new("<Welcome>", 5), new("Talk", 30)])));
    }

    [Fact]
    public void A_member_that_does_not_exist_on_a_list_item_fails_rather_than_rendering_empty()
    {
        var set = Set("agenda.txt", "{{ title }}{% for item in items %}{{ item.speaker }}{% endfor %}", TemplateBinding.For<Agenda>("agenda.txt"));

        Assert.Throws<TemplateException>(() => set.Render("agenda.txt", new Agenda("Day", [new("Welcome", 5)])));
    }

    [Fact]
    public void A_value_that_looks_like_a_template_stays_text()
    {
        var set = Greetings("""<p>{{ name }}</p><a href="{{ profileUrl }}">profile</a>""");

        var html = set.Render("greeting.html", Ada with { Name = "{{ profileUrl }} {% for x in (1..3) %}x{% endfor %}" });

        Assert.Contains("<p>{{ profileUrl }} {% for x in (1..3) %}x{% endfor %}</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendered_html_is_the_only_value_inserted_as_it_is()
    {
        var set = new TemplateSet(
            new Dictionary<string, string> { ["body.html"] = "<p>{{ name }}</p><a href=\"{{ profileUrl }}\">x</a>", ["layout.html"] = "<main>{{ content }}</main>", ["plain.txt"] = "{{ name }}{{ profileUrl }}" },
            [TemplateBinding.For<Greeting>("body.html", "plain.txt"), TemplateBinding.For<Layout>("layout.html")]);

        var body = RenderedHtml.Render(set, "body.html", Ada with { Name = "<i>Ada</i>" });

        Assert.Equal("<main><p>&lt;i&gt;Ada&lt;/i&gt;</p><a href=\"https://example.org/ada\">x</a></main>", set.Render("layout.html", new Layout(body)));
        Assert.Throws<ArgumentException>(() => RenderedHtml.Render(set, "plain.txt", Ada));
    }

    [Fact]
    public void A_template_renders_only_with_its_own_model_type()
    {
        var set = Greetings("""<p>{{ name }}</p><a href="{{ profileUrl }}">profile</a>""");

        Assert.Throws<ArgumentException>(() => set.Render("greeting.html", new Item("Ada", 1)));
        Assert.Throws<ArgumentException>(() => set.Render("nothing.html", Ada));
    }

    public sealed record StringLink(string HomeUrl);

    public sealed record Layout(RenderedHtml Content);
}
