using Cem.Core.Email;

namespace Cem.Core.Programs;

/// <summary>To a district's contact: confirm the address the join request gave.</summary>
/// <remarks>No delete-my-data link yet (see docs/security.md, Open).</remarks>
public sealed record DistrictConfirmEmail(string ContactName, string DistrictName, string StateName, Uri ConfirmUrl, string ExpiresOn) : IEmailWithoutDataLink
{
    public static string Template => "district-confirm";
}

/// <summary>
/// To each of the state's confirmed contacts: a district asks to join; approve or decline. Like the sign-in email, it
/// goes only to contacts of approved sign-ups, whose own data is deleted from their sign-up's emails.
/// </summary>
public sealed record DistrictApprovalRequestEmail(
    string StateName, string DistrictName, string LeaId, string ContactName, string ContactTitle, string Email,
    Uri ApproveUrl, Uri DeclineUrl, Uri EditorUrl, string ExpiresOn) : IEmailWithoutDataLink
{
    public static string Template => "district-approval-request";
}

/// <summary>To the district's contact once the state approved: the program and the feed.</summary>
/// <remarks>No delete-my-data link yet (see docs/security.md, Open).</remarks>
public sealed record DistrictWelcomeEmail(string ContactName, string DistrictName, string StateName, string ProgramTitle, Uri ProgramUrl, Uri FeedUrl) : IEmailWithoutDataLink
{
    public static string Template => "district-welcome";
}
