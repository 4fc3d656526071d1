using System.Globalization;
using Cem.Core.Editions;
using Cem.Core.Jurisdictions;
using Cem.Core.Text;
using NodaTime;

namespace Cem.Core.Calendar;

/// <summary>What an event must be to be published: every field checked, each error naming its field.</summary>
public static class EventRules
{
    public const int MaxSlots = 52;
    public const int MaxWeeks = 10;
    public static readonly Duration MaxSlotLength = Duration.FromHours(24);

    /// <summary>Checks <paramref name="form"/> against the edition its slots must fall in.</summary>
    public static Validated<EventDraft> Check(EventForm form, Edition edition)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(edition);
        var errors = new ValidationErrors();

        var code = form.Jurisdiction?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            errors.Add("jurisdiction", "Jurisdiction is required: a state's code, or US for a national event.");
        }
        else if (code != "US" && !Jurisdictions.Jurisdiction.TryFind(code, out _))
        {
            errors.Add("jurisdiction", "Jurisdiction must be a state's two-letter code, or US for a national event.");
            code = null;
        }

        var title = Fields.Required(errors, "title", "Title", form.Title, 200);
        var description = Multiline(errors, "description", "Description", form.Description, 5000);
        var format = OneOf(errors, "format", "Format", form.Format, EventCatalog.Formats, required: true);
        var attendance = OneOf(errors, "attendance", "Attendance", form.Attendance, EventCatalog.Attendance, required: true);
        var audiences = SomeOf(errors, "audiences", form.Audiences, EventCatalog.Audiences.Keys, k => k);
        var themes = SomeOf(errors, "themes", form.Themes, edition.Themes, t => edition.FindTheme(t));
        var priorities = Tags(errors, "priorities", form.Priorities);
        var organizer = Fields.Required(errors, "organizerName", "Organizer", form.OrganizerName, 120);
        var accessibility = SomeOf(errors, "accessibility", form.Accessibility, EventCatalog.Accessibility.Keys, k => k);

        var url = WebLink(errors, "url", form.Url, required: attendance is "online" or "hybrid");
        var location = Fields.Optional(errors, "location", "Location", form.Location, 300);
        if (location is null && attendance is "in-person" or "hybrid" && !errors.ToDictionary().ContainsKey("location"))
        {
            errors.Add("location", "Location is required for an in-person or hybrid event.");
        }

        var zoneId = form.TimeZone?.Trim();
        if (string.IsNullOrEmpty(zoneId) && code is not null)
        {
            zoneId = TimeZones.DefaultFor(code);
        }

        var zone = string.IsNullOrEmpty(zoneId) || zoneId.Length > 64 ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
        if (zone is null && !string.IsNullOrEmpty(zoneId))
        {
            errors.Add("timeZone", "Time zone must be an IANA zone such as America/Chicago.");
        }

        var slots = Slots(errors, form, zone, edition);

        return errors.IsEmpty
            ? Validated.Ok(new EventDraft(code!, title!, description ?? "", format!, attendance!, audiences, themes, priorities, organizer!, url ?? "", location ?? "", accessibility, zone!.Id, slots))
            : Validated.Invalid<EventDraft>(errors);
    }

    private static List<(LocalDateTime Start, LocalDateTime End)> Slots(ValidationErrors errors, EventForm form, DateTimeZone? zone, Edition edition)
    {
        var typed = form.Slots ?? [];
        var slots = new List<(LocalDateTime Start, LocalDateTime End)>();
        if (typed.Count == 0)
        {
            errors.Add("slots", "Give at least one date and time.");
            return slots;
        }

        if (typed.Count > MaxSlots)
        {
            errors.Add("slots", $"An event has at most {MaxSlots} slots.");
            return slots;
        }

        var weeks = form.WeeklyFor ?? 1;
        if (weeks is < 1 or > MaxWeeks)
        {
            errors.Add("weeklyFor", $"Weekly repeats must be between 1 and {MaxWeeks} weeks.");
            return slots;
        }

        if (weeks > 1 && typed.Count != 1)
        {
            errors.Add("weeklyFor", "Repeat weekly from one slot only.");
            return slots;
        }

        for (var i = 0; i < typed.Count; i++)
        {
            var field = $"slots[{i.ToString(CultureInfo.InvariantCulture)}]";
            var slot = typed[i];
            if (slot is null || !LocalTimes.TryParse(slot.Start?.Trim(), out var start))
            {
                errors.Add(field + ".start", "Start must be a local date and time like 2026-10-06T19:00.");
                continue;
            }

            if (!LocalTimes.TryParse(slot.End?.Trim(), out var end))
            {
                errors.Add(field + ".end", "End must be a local date and time like 2026-10-06T20:00.");
                continue;
            }

            for (var week = 0; week < weeks; week++)
            {
                var (s, e) = (start.PlusWeeks(week), end.PlusWeeks(week));
                if (zone is not null && CheckSlot(errors, field, zone, edition, s, e))
                {
                    slots.Add((s, e));
                }
            }
        }

        return slots;
    }

    private static bool CheckSlot(ValidationErrors errors, string field, DateTimeZone zone, Edition edition, LocalDateTime start, LocalDateTime end)
    {
        var when = start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        foreach (var (name, local) in new[] { ("start", start), ("end", end) })
        {
            if (zone.MapLocal(local).Count == 0)
            {
                errors.Add($"{field}.{name}", $"{local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} does not exist in {zone.Id}: the clocks skip that hour. Choose another time.");
                return false;
            }
        }

        var length = LocalTimes.Resolve(zone, end).ToInstant() - LocalTimes.Resolve(zone, start).ToInstant();
        if (length <= Duration.Zero)
        {
            errors.Add(field + ".end", $"The slot of {when} must end after it starts.");
            return false;
        }

        if (length > MaxSlotLength)
        {
            errors.Add(field + ".end", $"The slot of {when} lasts more than 24 hours; give each day as its own slot.");
            return false;
        }

        var lastDay = end.TimeOfDay == LocalTime.Midnight ? end.Date.PlusDays(-1) : end.Date;
        if (!edition.Contains(ToDateOnly(start.Date)) || !edition.Contains(ToDateOnly(lastDay)))
        {
            errors.Add(field + ".start", $"The slot of {when} is outside CEM {edition.Year.ToString(CultureInfo.InvariantCulture)} ({edition.Starts:yyyy-MM-dd} to {edition.Ends:yyyy-MM-dd}, local dates).");
            return false;
        }

        return true;
    }

    private static DateOnly ToDateOnly(LocalDate date) => new(date.Year, date.Month, date.Day);

    public static string? Multiline(ValidationErrors errors, string field, string label, string? value, int maxLength)
    {
        var text = value?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(field, $"{label} must be at most {maxLength} characters.");
            return null;
        }

        if (Fields.UnsafeCharacterIn(text, multiline: true) is { } problem)
        {
            errors.Add(field, $"{label} {problem}.");
            return null;
        }

        return text;
    }

    private static string? OneOf(ValidationErrors errors, string field, string label, string? value, IReadOnlyDictionary<string, string> allowed, bool required)
    {
        var key = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(key))
        {
            if (required)
            {
                errors.Add(field, $"{label} is required: one of {string.Join(", ", allowed.Keys)}.");
            }

            return null;
        }

        if (!allowed.ContainsKey(key))
        {
            errors.Add(field, $"{label} must be one of {string.Join(", ", allowed.Keys)}.");
            return null;
        }

        return key;
    }

    private static string[] SomeOf(ValidationErrors errors, string field, IReadOnlyList<string>? values, IEnumerable<string> allowed, Func<string, string?> canonical)
    {
        var chosen = new List<string>();
        foreach (var value in values ?? [])
        {
            var found = value is { Length: > 0 and <= 100 } ? canonical(value.Trim()) : null;
            if (found is null || !allowed.Contains(found, StringComparer.Ordinal))
            {
                errors.Add(field, $"Choose from: {string.Join(", ", allowed)}.");
                return [];
            }

            if (!chosen.Contains(found, StringComparer.Ordinal))
            {
                chosen.Add(found);
            }
        }

        return [.. chosen];
    }

    public static string[] Tags(ValidationErrors errors, string field, IReadOnlyList<string>? values)
    {
        var tags = new List<string>();
        if (values is { Count: > 5 })
        {
            errors.Add(field, "Give at most 5 priority tags.");
            return [];
        }

        foreach (var value in values ?? [])
        {
            if (Fields.Optional(errors, field, "A priority tag", value, 40) is { } tag && !tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                tags.Add(tag);
            }
        }

        return [.. tags];
    }

    /// <summary>An absolute http or https address of at most 2,000 characters, or null (with an error when required).</summary>
    public static string? WebLink(ValidationErrors errors, string field, string? value, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(field, "A registration or join link is required for an online or hybrid event.");
            }

            return null;
        }

        if (text.Length > 2000 || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host) || Fields.UnsafeCharacterIn(text, multiline: false) is not null)
        {
            errors.Add(field, "Link must be an http or https address, like https://example.org/register.");
            return null;
        }

        return uri.AbsoluteUri;
    }
}
