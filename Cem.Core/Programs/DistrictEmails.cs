using Cem.Core.Email;

namespace Cem.Core.Programs;

/// <summary>To a district's contact: confirm the address the join request gave.</summary>
public sealed record DistrictConfirmEmail(string ContactName, string DistrictName, string StateName, Uri ConfirmUrl, string ExpiresOn) : IEmail
{
    public static string Template => "district-confirm";
}

/// <summary>To each of the state's confirmed contacts: a district asks to join; approve or decline.</summary>
public sealed record DistrictApprovalRequestEmail(
    string StateName, string DistrictName, string LeaId, string ContactName, string ContactTitle, string Email,
    Uri ApproveUrl, Uri DeclineUrl, Uri EditorUrl, string ExpiresOn) : IEmail
{
    public static string Template => "district-approval-request";
}

/// <summary>To the district's contact once the state approved: the program and the feed.</summary>
public sealed record DistrictWelcomeEmail(string ContactName, string DistrictName, string StateName, string ProgramTitle, Uri ProgramUrl, Uri FeedUrl) : IEmail
{
    public static string Template => "district-welcome";
}
