using Cem.Core.Signups;

namespace Cem.Functions.PressKits;

/// <summary>The page behind the "ask for a new press kit" link, by the name the link function calls.</summary>
public static class PressKitPages
{
    public static string Request(Signup signup, string token) => PressKitRequestPage.Render(signup, token);
}
