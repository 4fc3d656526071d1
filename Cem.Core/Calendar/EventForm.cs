namespace Cem.Core.Calendar;

/// <summary>What a publisher sends for an event; the JSON body and the HTML form use these names.</summary>
public class EventForm
{
    /// <summary>The publishing state's code, or <c>US</c> for a national event.</summary>
    public string? Jurisdiction { get; set; }
    public string? Title { get; set; }

    /// <summary>Limited Markdown (paragraphs, emphasis, lists, links); HTML in it shows as text.</summary>
    public string? Description { get; set; }
    public string? Format { get; set; }
    public string? Attendance { get; set; }
    public IReadOnlyList<string>? Audiences { get; set; }
    public IReadOnlyList<string>? Themes { get; set; }

    /// <summary>The publishing state's own priority tags.</summary>
    public IReadOnlyList<string>? Priorities { get; set; }
    public string? OrganizerName { get; set; }

    /// <summary>Registration or join link (http or https).</summary>
    public string? Url { get; set; }

    /// <summary>Where an in-person or hybrid event takes place.</summary>
    public string? Location { get; set; }
    public IReadOnlyList<string>? Accessibility { get; set; }

    /// <summary>IANA time zone of the slots; empty means the jurisdiction's default.</summary>
    public string? TimeZone { get; set; }
    public IReadOnlyList<SlotForm>? Slots { get; set; }

    /// <summary>Authoring shorthand: the one slot given, repeated weekly for this many weeks (stored as separate slots).</summary>
    public int? WeeklyFor { get; set; }
}

/// <summary>A slot as typed: local wall-clock times in the event's zone, <c>yyyy-MM-ddTHH:mm</c>.</summary>
public sealed class SlotForm
{
    public string? Start { get; set; }
    public string? End { get; set; }
}

/// <summary>An event suggested by the public: the event's fields, who suggests it, and the honeypot.</summary>
public sealed class SuggestionForm : EventForm
{
    public string? ContactName { get; set; }

    /// <summary>Where the confirmation and the outcome go; never shown.</summary>
    public string? ContactEmail { get; set; }

    /// <summary>The form's hidden field: people leave it empty, bots fill it.</summary>
    public string? Url2 { get; set; }
}
