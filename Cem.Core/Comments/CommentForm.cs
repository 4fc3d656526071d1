namespace Cem.Core.Comments;

/// <summary>What a visitor posts; the JSON body and the HTML form use these names.</summary>
public sealed class CommentForm
{
    public string? Thread { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public string? Body { get; set; }

    /// <summary>The token from <c>GET /api/comments/challenge</c>.</summary>
    public string? Challenge { get; set; }

    public string? Answer { get; set; }

    /// <summary>The honeypot: hidden from people, so only a bot fills it.</summary>
    public string? Url2 { get; set; }
}
