namespace Cem.Functions.Pages.Forms;

/// <summary>
/// The errors of one form post, keyed by field (the names in a problem+json <c>errors</c> object), and the ids
/// the form's elements use: a field's input is <c>{prefix}{field}</c>, its message <c>{prefix}{field}-error</c>.
/// The same ids are what the form's script (form-errors.js) fills in when it posts JSON.
/// </summary>
public sealed class FormErrors(IDictionary<string, string[]>? errors, string idPrefix, Func<string, string> anchorOf)
{
    private readonly IDictionary<string, string[]> errors = errors ?? new Dictionary<string, string[]>();

    public bool Any => errors.Count > 0;

    public string IdOf(string field) => idPrefix + field;

    public string MessageIdOf(string field) => IdOf(field) + "-error";

    public bool Has(string field) => errors.ContainsKey(field);

    public string? MessageOf(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The value of <c>aria-invalid</c>: "true" for a field in error, else no attribute.</summary>
    public string? AriaInvalid(string field) => Has(field) ? "true" : null;

    /// <summary>Each error's message and the id of the element its summary link leads to.</summary>
    public IEnumerable<(string Anchor, string Message)> Summary => errors.Select(e => (anchorOf(e.Key), string.Join(" ", e.Value)));
}
