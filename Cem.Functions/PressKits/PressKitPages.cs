using Cem.Core.Signups;
using static Cem.Functions.Pages.Html;

namespace Cem.Functions.PressKits;

/// <summary>The page behind the contact's "ask for a new press kit" link: it shows a button; only the POST asks.</summary>
public static class PressKitPages
{
    public static string Request(Signup signup, string token) =>
        Layout("Ask for a new press kit", $"""
            <h1>Ask for a new press kit</h1>
            <p class="lead">A fresh Connected Educator Month press kit for <strong>{E(signup.Jurisdiction.Name)}</strong>
            ({E(signup.OrganizationName)}), with the latest participation figures, will be emailed to the sign-up's contact address.</p>
            <form method="post" action="/api/press-kits/request">
            <input type="hidden" name="token" value="{E(token)}">
            <button type="submit">Send me a new press kit</button>
            </form>
            """);
}
