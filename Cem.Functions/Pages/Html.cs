namespace Cem.Functions.Pages;

/// <summary>The message page by its original name, which the emailed-link answers call.</summary>
public static class Html
{
    /// <summary>A page with a heading and a paragraph: the outcome of a link, or an error that says what went wrong.</summary>
    public static string Message(string title, string message) => MessagePage.Render(title, message);
}
