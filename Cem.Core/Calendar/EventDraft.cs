using NodaTime;

namespace Cem.Core.Calendar;

/// <summary>An event's fields after validation: what is stored on publish or on an edit.</summary>
public sealed record EventDraft(
    string Jurisdiction,
    string Title,
    string Description,
    string Format,
    string Attendance,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Priorities,
    string OrganizerName,
    string Url,
    string Location,
    IReadOnlyList<string> Accessibility,
    string TimeZone,
    IReadOnlyList<(LocalDateTime Start, LocalDateTime End)> Slots);
