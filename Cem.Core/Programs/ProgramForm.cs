namespace Cem.Core.Programs;

/// <summary>A program as sent by the editor or an API client (PUT): every field, replacing what was there.</summary>
public sealed class ProgramForm
{
    public string? Title { get; set; }
    public string? Intro { get; set; }
    public IReadOnlyList<string>? Priorities { get; set; }
    public IReadOnlyList<ProgramContactForm>? Contacts { get; set; }
    public IReadOnlyList<ProgramItemForm>? Items { get; set; }
    public IReadOnlyList<ProgramResourceForm>? Resources { get; set; }

    /// <summary>The version the editor showed (the form's alternative to If-Match); a newer stored version refuses the save.</summary>
    public int? Version { get; set; }
}

public sealed class ProgramContactForm
{
    public string? Name { get; set; }
    public string? Role { get; set; }

    /// <summary>Given only when the person chose to publish their address; it is shown to everyone.</summary>
    public string? Email { get; set; }
}

public sealed class ProgramItemForm
{
    public string? EventId { get; set; }
    public string? Note { get; set; }
}

public sealed class ProgramResourceForm
{
    public string? Title { get; set; }
    public string? Url { get; set; }
}
