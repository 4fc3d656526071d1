using System.Text.RegularExpressions;
using Cem.Core.Jurisdictions;
using Cem.Core.Text;

namespace Cem.Core.Signups;

/// <summary>A sign-up that passed validation: trimmed, normalised and safe to store.</summary>
public sealed record ValidSignup(
    Jurisdiction Jurisdiction,
    string OrganizationName,
    string OrganizationType,
    string ContactName,
    string ContactTitle,
    string Email,
    string? Phone,
    IReadOnlyList<string> Activities,
    string? City = null,
    bool PublishMediaContact = false);

public static partial class SignupValidator
{
    public static Validated<ValidSignup> Validate(SignupForm form)
    {
        var errors = new ValidationErrors();

        Jurisdiction? jurisdiction = null;
        if (string.IsNullOrWhiteSpace(form.Jurisdiction))
        {
            errors.Add("jurisdiction", "Choose your state or jurisdiction.");
        }
        else if (!Jurisdiction.TryFind(form.Jurisdiction.Trim(), out var found))
        {
            errors.Add("jurisdiction", "Jurisdiction must be the two-letter code of a state, DC, PR, AS, GU, MP or VI.");
        }
        else
        {
            jurisdiction = found;
        }

        var organizationName = Fields.Required(errors, "organizationName", "Organization name", form.OrganizationName, 200);

        var organizationType = form.OrganizationType?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(organizationType))
        {
            errors.Add("organizationType", "Choose the type of organization.");
        }
        else if (!OrganizationTypes.All.ContainsKey(organizationType))
        {
            errors.Add("organizationType", "Organization type must be one of: " + string.Join(", ", OrganizationTypes.All.Keys) + ".");
        }

        var contactName = Fields.Required(errors, "contactName", "Contact name", form.ContactName, 120);
        var contactTitle = Fields.Required(errors, "contactTitle", "Title", form.ContactTitle, 120);
        var email = Fields.Email(errors, "email", form.Email);

        var phone = Fields.Optional(errors, "phone", "Phone", form.Phone, 40);
        if (phone is not null && !PhonePattern().IsMatch(phone))
        {
            errors.Add("phone", "Phone may contain only digits, spaces and + - ( ) . x.");
        }

        var city = Fields.Optional(errors, "city", "City", form.City, 80);

        var activities = new List<string>();
        foreach (var activity in form.Activities ?? [])
        {
            var key = activity?.Trim().ToLowerInvariant() ?? "";
            if (!Activities.All.ContainsKey(key))
            {
                errors.Add("activities", "Activities must be any of: " + string.Join(", ", Activities.All.Keys) + ".");
                break;
            }

            if (!activities.Contains(key))
            {
                activities.Add(key);
            }
        }

        if (form.Consent != true)
        {
            errors.Add("consent", "Please agree that CEM may list your organization and contact you about CEM.");
        }

        return errors.IsEmpty
            ? Validated.Ok(new ValidSignup(jurisdiction!, organizationName!, organizationType!, contactName!, contactTitle!, email!, phone, activities, city, form.PublishMediaContact == true))
            : Validated.Invalid<ValidSignup>(errors);
    }

    [GeneratedRegex(@"^[0-9+\-(). x]{3,40}$")]
    private static partial Regex PhonePattern();
}
