using Cem.Core.Jurisdictions;

namespace Cem.Core.Signups;

/// <summary>What a state official submits; the JSON body and the HTML form use these names.</summary>
public sealed class SignupForm
{
    public string? Jurisdiction { get; set; }
    public string? OrganizationName { get; set; }
    public string? OrganizationType { get; set; }
    public string? ContactName { get; set; }
    public string? ContactTitle { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>The agency's city, for the press release's dateline; the capital when empty.</summary>
    public string? City { get; set; }

    /// <summary>True when the contact agrees to be printed as the press kit's media contact with email and phone.</summary>
    public bool? PublishMediaContact { get; set; }
    public IReadOnlyList<string>? Activities { get; set; }
    public bool? Consent { get; set; }

    /// <summary>A honeypot: hidden from people, filled by bots. A sign-up with it filled is answered like any other and dropped.</summary>
    public string? Url2 { get; set; }
}
