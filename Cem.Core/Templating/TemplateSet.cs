using System.Collections.Frozen;
using System.Reflection;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Cem.Core.Templating;

/// <summary>The files one model type fills: its properties are exactly the values those files use.</summary>
public sealed record TemplateBinding(Type Model, IReadOnlyList<string> Files)
{
    public static TemplateBinding For<TModel>(params string[] files) => new(typeof(TModel), files);
}

/// <summary>
/// Liquid templates (Fluid) filled from typed models: the one template engine, used by emails and press kits.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Values are HTML-encoded in <c>.html</c> files and written as they are in every other file (<c>.txt</c>,
/// <c>.md</c>). The <c>raw</c> filter is removed; the only unencoded value is a <see cref="RenderedHtml"/>.</item>
/// <item>Placeholders are the model's property names in camelCase (<c>ContactName</c> → <c>{{ contactName }}</c>).
/// The files of a binding must use every property, and nothing else (<see cref="Problems"/>); a template with a
/// problem refuses to render, naming the file and the placeholder.</item>
/// <item>No value may be null (an optional text is empty), and a property whose name ends in <c>Url</c> must be an
/// absolute http or https <see cref="Uri"/>, so a value can never become a <c>javascript:</c> link.</item>
/// <item>Values are output, never parsed: a value holding <c>{{ x }}</c> stays text.</item>
/// </list>
/// </remarks>
public sealed class TemplateSet
{
    private static readonly FluidParser Parser = new();

    private readonly TemplateOptions options;
    private readonly FrozenDictionary<string, Entry> entries;

    public TemplateSet(IReadOnlyDictionary<string, string> files, IEnumerable<TemplateBinding> bindings)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(bindings);

        options = new TemplateOptions { StrictVariables = true, StrictFilters = true };
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.CamelCase;
        options.Filters.Remove("raw");
        options.ValueConverters.Add(value => value switch
        {
            // Uri.ToString() unescapes; AbsoluteUri is the link as it must be written.
            Uri uri => new StringValue(uri.AbsoluteUri),
            RenderedHtml html => new StringValue(html.Html, encode: false),
            _ => null,
        });

        var problems = new List<Problem>();
        var loaded = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var binding in bindings)
        {
            var found = Bind(files, binding);
            problems.AddRange(found.Problems);
            foreach (var (file, template) in found.Templates)
            {
                if (!loaded.TryAdd(file, new Entry(template, binding.Model, found.Problems.FirstOrDefault())))
                {
                    problems.Add(new(file, null, $"Template '{file}' is bound to more than one model."));
                }
            }
        }

        foreach (var file in files.Keys.Where(f => !loaded.ContainsKey(f)).Order(StringComparer.Ordinal))
        {
            problems.Add(new(file, null, $"Template '{file}' has no model."));
        }

        entries = loaded.ToFrozenDictionary(StringComparer.Ordinal);
        Problems = problems.Select(p => p.Message).ToArray();
    }

    /// <summary>
    /// Every way the files and the models disagree; empty when every template can render. Tests assert it is empty for
    /// the email and press kit templates, so a mismatch fails the build rather than an email.
    /// </summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Renders one file of the model's binding.</summary>
    /// <exception cref="ArgumentException">No such template, or it is bound to another model type.</exception>
    /// <exception cref="TemplateException">The template does not match its model, or a value is null or an unusable link.</exception>
    public string Render(string file, object model)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(model);
        if (!entries.TryGetValue(file, out var entry))
        {
            throw new ArgumentException($"There is no template '{file}'. Known templates: {string.Join(", ", entries.Keys.Order(StringComparer.Ordinal))}.", nameof(file));
        }

        if (model.GetType() != entry.Model)
        {
            throw new ArgumentException($"Template '{file}' is filled by {entry.Model.Name}, not {model.GetType().Name}.", nameof(model));
        }

        if (entry.Problem is { } problem)
        {
            throw new TemplateException(problem.File, problem.Placeholder, problem.Message);
        }

        CheckValues(file, model);
        try
        {
            return entry.Template!.Render(new TemplateContext(model, options), IsHtml(file) ? HtmlEncoder.Default : NullEncoder.Default);
        }
        catch (FluidException e)
        {
            throw new TemplateException($"Template '{file}' could not be rendered: {e.Message}", e);
        }
    }

    /// <summary>Whether a file's values are HTML-encoded.</summary>
    public static bool IsHtml(string file) => file.EndsWith(".html", StringComparison.Ordinal);

    /// <summary>The placeholder of a model property: its name in camelCase.</summary>
    public static string PlaceholderOf(PropertyInfo property) => MemberNameStrategies.CamelCase(property);

    /// <summary>Files embedded in an assembly under a resource prefix (such as the email folder's <c>Templates.</c>), by file name.</summary>
    public static IReadOnlyDictionary<string, string> Embedded(Assembly assembly, string prefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var loaded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            loaded[resource[prefix.Length..]] = reader.ReadToEnd();
        }

        return loaded;
    }

    /// <returns>Every file of the binding that exists (its template null when it does not parse), and the binding's problems.</returns>
    private (List<(string File, IFluidTemplate? Template)> Templates, List<Problem> Problems) Bind(IReadOnlyDictionary<string, string> files, TemplateBinding binding)
    {
        var properties = Properties(binding.Model).ToDictionary(PlaceholderOf, StringComparer.Ordinal);
        var templates = new List<(string, IFluidTemplate?)>();
        var problems = new List<Problem>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var first = binding.Files.Count > 0 ? binding.Files[0] : binding.Model.Name;

        foreach (var (name, property) in properties)
        {
            if (property.Name.EndsWith("Url", StringComparison.Ordinal) && property.PropertyType != typeof(Uri))
            {
                problems.Add(new(first, name, $"{binding.Model.Name}.{property.Name} is a link: it must be a Uri."));
            }

            if (ElementType(property.PropertyType) is { } element)
            {
                options.MemberAccessStrategy.Register(element);
            }
        }

        foreach (var file in binding.Files)
        {
            if (!files.TryGetValue(file, out var source))
            {
                problems.Add(new(file, null, $"Template '{file}' ({binding.Model.Name}) is missing."));
                continue;
            }

            if (!Parser.TryParse(source, out var template, out var error))
            {
                problems.Add(new(file, null, $"Template '{file}' does not parse: {error}"));
                templates.Add((file, null));
                continue;
            }

            var placeholders = new Placeholders();
            placeholders.VisitTemplate(template);
            foreach (var name in placeholders.Used.Where(n => !placeholders.Locals.Contains(n)))
            {
                used.Add(name);
                if (!properties.ContainsKey(name))
                {
                    problems.Add(new(file, name, $"Template '{file}' uses the placeholder {{{{{name}}}}} but {binding.Model.Name} has no property for it."));
                }
            }

            foreach (var filter in placeholders.Filters.Where(f => !options.Filters.TryGetValue(f, out _)))
            {
                problems.Add(new(file, null, $"Template '{file}' uses the filter '{filter}', which does not exist here (values are always encoded: there is no raw)."));
            }

            templates.Add((file, template));
        }

        foreach (var name in properties.Keys.Where(n => !used.Contains(n)))
        {
            problems.Add(new(first, name, $"{binding.Model.Name}.{properties[name].Name} is not used by {string.Join(", ", binding.Files)}: remove it or use {{{{{name}}}}}."));
        }

        return (templates, problems);
    }

    private static void CheckValues(string file, object model)
    {
        foreach (var property in Properties(model.GetType()))
        {
            var value = property.GetValue(model);
            var name = PlaceholderOf(property);
            if (value is null)
            {
                throw new TemplateException(file, name, $"Template '{file}' uses the placeholder {{{{{name}}}}} but no value was given for '{name}'.");
            }

            if (property.Name.EndsWith("Url", StringComparison.Ordinal)
                && !(value is Uri { IsAbsoluteUri: true } uri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            {
                throw new TemplateException(file, name, $"Template '{file}': the value for {{{{{name}}}}} must be an absolute http or https URL.");
            }
        }
    }

    private static PropertyInfo[] Properties(Type model) =>
        model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => !p.PropertyType.IsDefined(typeof(NotATemplateValueAttribute), inherit: false))
            .ToArray();

    /// <summary>The item type of a list of objects (e.g. press release blocks), whose members a loop reads.</summary>
    private static Type? ElementType(Type type) =>
        type.GetInterfaces().Append(type)
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault(t => t != typeof(string) && t != typeof(char) && !t.IsPrimitive);

    private sealed record Problem(string File, string? Placeholder, string Message);

    private sealed record Entry(IFluidTemplate? Template, Type Model, Problem? Problem);

    /// <summary>The names a template reads from its model: first segments of member expressions, less the names it defines itself.</summary>
    private sealed class Placeholders : AstVisitor
    {
        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Locals { get; } = new(StringComparer.Ordinal) { "forloop", "tablerowloop" };

        public List<string> Filters { get; } = [];

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            if (memberExpression.Segments[0] is IdentifierSegment identifier)
            {
                Used.Add(identifier.Identifier);
            }

            foreach (var indexer in memberExpression.Segments.OfType<IndexerSegment>())
            {
                Visit(indexer.Expression);
            }

            return base.VisitMemberExpression(memberExpression);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Locals.Add(forStatement.Identifier);
            return base.VisitForStatement(forStatement);
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Locals.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            Locals.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            Filters.Add(filterExpression.Name);
            return base.VisitFilterExpression(filterExpression);
        }
    }
}
