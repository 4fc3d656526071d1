using Cem.Core.Approvals;
using Cem.Core.Signups;
using Cem.Functions.Approvals;
using Cem.Functions.Signups;

namespace Cem.Functions.Pages;

/// <summary>
/// The pages behind the sign-up's emailed links, by the names the link functions call. The pages themselves
/// are components in their features' folders.
/// </summary>
public static class LinkPages
{
    public static string Confirm(Signup signup, string token) => ConfirmAddressPage.Render(signup, token);

    public static string Decide(Signup signup, string token, Decision decision) => DecisionPage.Render(signup, token, decision);
}
