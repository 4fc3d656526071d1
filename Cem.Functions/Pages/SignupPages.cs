using System.Globalization;
using System.Text;
using Cem.Core.Jurisdictions;
using Cem.Core.Metrics;
using Cem.Core.Signups;
using Cem.Core.Text;
using static Cem.Functions.Pages.Html;

namespace Cem.Functions.Pages;

/// <summary>The public page (sign-up form beside the participating states) and the sign-up's other pages.</summary>
public static class SignupPages
{
    public static string Home(IReadOnlyList<RecognizedState> states, SignupForm? values = null, IDictionary<string, string[]>? errors = null) =>
        Layout(errors is null ? "Sign up" : "Fix the sign-up form", $"""
            <h1>Connected Educator Month for States</h1>
            <p class="lead">State education agencies and other state-level education bodies take part in Connected Educator Month:
            they sign up, are confirmed by CEM staff, publicise their participation and run events for their districts.</p>
            <div class="columns">
            <section aria-labelledby="signup-heading" class="card">
            <h2 id="signup-heading">Sign up your state</h2>
            {Form(values ?? new SignupForm(), errors)}
            </section>
            <section aria-labelledby="states-heading" class="card">
            <h2 id="states-heading">Participating states</h2>
            {StatesList(states)}
            </section>
            </div>
            <section aria-labelledby="comments-link-heading" class="card comments">
            <h2 id="comments-link-heading">Comments</h2>
            <p>Read what others say about Connected Educator Month for States, vote on their comments and leave a reply.</p>
            <p><a id="comments-link" href="/comments">Read the comments and leave a reply</a></p>
            </section>
            """, "form-errors.js", "signup.js");

    public static string StatesList(IReadOnlyList<RecognizedState> states)
    {
        if (states.Count == 0)
        {
            return """<p id="states-empty">No state has been confirmed yet. Be the first.</p>""";
        }

        var rows = new StringBuilder();
        foreach (var (state, level) in states)
        {
            rows.Append(CultureInfo.InvariantCulture, $"""<tr><th scope="row">{E(state.Name)}</th><td>{E(state.OrganizationName)}</td><td><time datetime="{state.ConfirmedAt:yyyy-MM-dd}">{E(Dates.Long(state.ConfirmedAt))}</time></td><td class="recognition">{E(RecognitionLevels.Describe(level))}</td></tr>""");
        }

        return $"""
            <table id="states">
            <caption>{states.Count} confirmed participant{(states.Count == 1 ? "" : "s")}</caption>
            <thead><tr><th scope="col">State</th><th scope="col">Organization</th><th scope="col">Confirmed</th><th scope="col">Recognition</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            """;
    }

    private static string Form(SignupForm values, IDictionary<string, string[]>? errors)
    {
        errors ??= new Dictionary<string, string[]>();
        string Error(string field) =>
            errors.TryGetValue(field, out var messages) ? $"""<p class="error" id="{field}-error">{E(string.Join(" ", messages))}</p>""" : $"""<p class="error" id="{field}-error" hidden></p>""";
        string Invalid(string field) => errors.ContainsKey(field) ? """ aria-invalid="true" """ : " ";
        string TextField(string field, string label, string? value, string type, string autocomplete, bool required = true) => $"""
            <div class="field">
            <label for="{field}">{E(label)}{(required ? " <span aria-hidden=\"true\">*</span>" : " (optional)")}</label>
            {Error(field)}
            <input id="{field}" name="{field}" type="{type}" value="{E(value)}" autocomplete="{autocomplete}"{(required ? " required" : "")}{Invalid(field)}aria-describedby="{field}-error" maxlength="254">
            </div>
            """;

        var jurisdictions = new StringBuilder("""<option value="">Choose…</option>""");
        foreach (var j in Jurisdiction.All.OrderBy(j => j.Name, StringComparer.Ordinal))
        {
            var selected = string.Equals(values.Jurisdiction, j.Code, StringComparison.OrdinalIgnoreCase) ? " selected" : "";
            jurisdictions.Append(CultureInfo.InvariantCulture, $"""<option value="{j.Code}"{selected}>{E(j.Name)}</option>""");
        }

        var types = new StringBuilder();
        foreach (var (key, label) in OrganizationTypes.All)
        {
            var isChecked = values.OrganizationType == key ? " checked" : "";
            types.Append(CultureInfo.InvariantCulture, $"""<div class="choice"><input type="radio" id="type-{key}" name="organizationType" value="{key}"{isChecked} required><label for="type-{key}">{E(label)}</label></div>""");
        }

        var activities = new StringBuilder();
        foreach (var (key, label) in Activities.All)
        {
            var isChecked = values.Activities?.Contains(key) == true ? " checked" : "";
            activities.Append(CultureInfo.InvariantCulture, $"""<div class="choice"><input type="checkbox" id="activity-{key}" name="activities" value="{key}"{isChecked}><label for="activity-{key}">{E(label)}</label></div>""");
        }

        var summary = errors.Count == 0
            ? """<div class="error-summary" id="error-summary" role="alert" tabindex="-1" hidden></div>"""
            : $"""
              <div class="error-summary" id="error-summary" role="alert" tabindex="-1">
              <h3>There is a problem</h3>
              <ul>{string.Concat(errors.Select(e => $"""<li><a href="#{E(FieldAnchor(e.Key))}">{E(string.Join(" ", e.Value))}</a></li>"""))}</ul>
              </div>
              """;

        return $"""
            <form id="signup-form" method="post" action="/api/signups" novalidate>
            {summary}
            <p class="hint">Fields marked <span aria-hidden="true">*</span><span class="visually-hidden">with an asterisk</span> are required.</p>
            <div class="field">
            <label for="jurisdiction">State or jurisdiction <span aria-hidden="true">*</span></label>
            {Error("jurisdiction")}
            <select id="jurisdiction" name="jurisdiction" required{Invalid("jurisdiction")}aria-describedby="jurisdiction-error">{jurisdictions}</select>
            </div>
            {TextField("organizationName", "Organization name", values.OrganizationName, "text", "organization")}
            <fieldset class="field" id="organizationType"{Invalid("organizationType")}aria-describedby="organizationType-error">
            <legend>Type of organization <span aria-hidden="true">*</span></legend>
            {Error("organizationType")}
            {types}
            </fieldset>
            {TextField("contactName", "Contact name", values.ContactName, "text", "name")}
            {TextField("contactTitle", "Title", values.ContactTitle, "text", "organization-title")}
            {TextField("email", "Email", values.Email, "email", "email")}
            {TextField("phone", "Phone", values.Phone, "tel", "tel", required: false)}
            <fieldset class="field" id="activities" aria-describedby="activities-error">
            <legend>Optional activities</legend>
            <p class="hint">Only the sign-up is required. Choose any you would also like to do.</p>
            {Error("activities")}
            {activities}
            </fieldset>
            <div class="field">
            {Error("consent")}
            <div class="choice"><input type="checkbox" id="consent" name="consent" value="true"{(values.Consent == true ? " checked" : "")} required{Invalid("consent")}aria-describedby="consent-error">
            <label for="consent">I agree that CEM may list my organization publicly once confirmed and contact me about CEM. <span aria-hidden="true">*</span></label></div>
            </div>
            <button type="submit">Sign up</button>
            </form>
            """;
    }

    private static string FieldAnchor(string field) => field switch
    {
        "body" or "Content-Type" => "signup-form",
        _ => field,
    };

    public static string Thanks(SignupId? id) =>
        Message(
            "Thank you for signing up",
            "We have sent you an email. Follow the link in it to confirm your address; CEM staff then review your sign-up, and once they confirm it your state appears on the list of participating states.",
            id is null ? null : $"""<p>Your sign-up reference is <code>{E(id.ToString())}</code>.</p>""");
}
