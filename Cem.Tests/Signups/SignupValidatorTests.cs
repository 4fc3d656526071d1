using Cem.Core.Jurisdictions;
using Cem.Core.Signups;

namespace Cem.Tests.Signups;

public sealed class SignupValidatorTests
{
    private static SignupForm Valid() => new()
    {
        Jurisdiction = "oh",
        OrganizationName = "  Ohio Department of Education  ",
        OrganizationType = "sea",
        ContactName = "Pat Smith",
        ContactTitle = "Director of Digital Learning",
        Email = "pat.smith@education.ohio.gov",
        Phone = "+1 (614) 555-0100",
        Activities = ["press-release", "own-cem", "press-release"],
        Consent = true,
    };

    [Fact]
    public void A_complete_sign_up_is_valid_and_normalised()
    {
        var result = SignupValidator.Validate(Valid());

        Assert.True(result.IsValid);
        Assert.Equal("OH", result.Value!.Jurisdiction.Code);
        Assert.Equal("Ohio Department of Education", result.Value.OrganizationName);
        Assert.Equal(["press-release", "own-cem"], result.Value.Activities);
    }

    [Fact]
    public void Only_the_sign_up_is_required_activities_and_phone_are_optional()
    {
        var form = Valid();
        form.Activities = null;
        form.Phone = null;
        Assert.True(SignupValidator.Validate(form).IsValid);
    }

    [Fact]
    public void An_empty_form_names_every_required_field()
    {
        var errors = SignupValidator.Validate(new SignupForm()).Errors.ToDictionary();
        Assert.Equal(
            new[] { "consent", "contactName", "contactTitle", "email", "jurisdiction", "organizationName", "organizationType" },
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("jurisdiction", "XX")]
    [InlineData("jurisdiction", "Ohio")]
    [InlineData("organizationType", "company")]
    [InlineData("email", "not-an-email")]
    [InlineData("email", "Pat <pat@ohio.gov>")]
    [InlineData("email", "pat@localhost")]
    [InlineData("phone", "call me maybe")]
    [InlineData("contactName", "Pat\u0000Smith")]
    [InlineData("activities", "world-domination")]
    public void A_bad_value_is_named_by_its_field(string field, string value)
    {
        var form = Valid();
        switch (field)
        {
            case "jurisdiction": form.Jurisdiction = value; break;
            case "organizationType": form.OrganizationType = value; break;
            case "email": form.Email = value; break;
            case "phone": form.Phone = value; break;
            case "contactName": form.ContactName = value; break;
            case "activities": form.Activities = [value]; break;
        }

        var errors = SignupValidator.Validate(form).Errors.ToDictionary();
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Overlong_text_is_refused()
    {
        var form = Valid();
        form.OrganizationName = new string('a', 201);
        Assert.Contains("organizationName", SignupValidator.Validate(form).Errors.ToDictionary().Keys);
    }

    [Fact]
    public void Consent_must_be_given()
    {
        var form = Valid();
        form.Consent = false;
        Assert.Equal(["consent"], SignupValidator.Validate(form).Errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("AS")]
    [InlineData("GU")]
    [InlineData("MP")]
    [InlineData("VI")]
    [InlineData("PR")]
    [InlineData("DC")]
    public void Territories_DC_and_Puerto_Rico_can_sign_up(string code)
    {
        var form = Valid();
        form.Jurisdiction = code;
        Assert.True(SignupValidator.Validate(form).IsValid);
    }

    [Fact]
    public void There_are_56_jurisdictions_with_unique_codes() =>
        Assert.Equal(56, Cem.Core.Jurisdictions.Jurisdiction.All.Select(j => j.Code).Distinct().Count());

    [Theory]
    [InlineData("OH-01JD3K5V7Q8R9S0T1V2W3X4Y5Z", true)]
    [InlineData("XX-01JD3K5V7Q8R9S0T1V2W3X4Y5Z", false)]
    [InlineData("OH-not-a-ulid-at-all-000000", false)]
    [InlineData("OH01JD3K5V7Q8R9S0T1V2W3X4Y5Z", false)]
    public void Sign_up_ids_parse_only_when_well_formed(string text, bool valid) =>
        Assert.Equal(valid, SignupId.TryParse(text, out _));
}
