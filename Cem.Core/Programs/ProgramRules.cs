using Cem.Core.Calendar;
using Cem.Core.Text;

namespace Cem.Core.Programs;

/// <summary>A program's fields once checked.</summary>
public sealed record ProgramDraft(
    string Title, string Intro, IReadOnlyList<string> Priorities, IReadOnlyList<ProgramContact> Contacts,
    IReadOnlyList<ProgramItem> Items, IReadOnlyList<ProgramResource> Resources);

/// <summary>
/// What a program may hold. Every error names its field as an API client sends it (<c>contacts[1].email</c>). Whether
/// each curated event exists is asked of the calendar by <see cref="ProgramService"/>.
/// </summary>
public static class ProgramRules
{
    public const int MaxContacts = 20;
    public const int MaxItems = 50;
    public const int MaxResources = 30;

    public static Validated<ProgramDraft> Check(ProgramForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new ValidationErrors();
        var title = Fields.Required(errors, "title", "Title", form.Title, 150);
        var intro = EventRules.Multiline(errors, "intro", "Introduction", form.Intro, 10000) ?? "";
        var priorities = EventRules.Tags(errors, "priorities", form.Priorities);

        var contacts = new List<ProgramContact>();
        foreach (var (contact, i) in Each(errors, "contacts", form.Contacts, MaxContacts))
        {
            var name = Fields.Required(errors, $"contacts[{i}].name", "Name", contact?.Name, 100);
            var role = Fields.Required(errors, $"contacts[{i}].role", "Role", contact?.Role, 100);
            var email = string.IsNullOrWhiteSpace(contact?.Email) ? null : Fields.Email(errors, $"contacts[{i}].email", contact.Email);
            if (name is not null && role is not null)
            {
                contacts.Add(new(name, role, email));
            }
        }

        var items = new List<ProgramItem>();
        foreach (var (item, i) in Each(errors, "items", form.Items, MaxItems))
        {
            var note = Fields.Optional(errors, $"items[{i}].note", "A note", item?.Note, 500) ?? "";
            if (!EventId.TryParse(item?.EventId?.Trim(), out var id))
            {
                errors.Add($"items[{i}].eventId", "Give the id of an event on the CEM calendar, like 2027-OH-01J….");
            }
            else if (items.Any(x => x.EventId == id.ToString()))
            {
                errors.Add($"items[{i}].eventId", "This event is already in the program.");
            }
            else
            {
                items.Add(new(id.ToString(), note));
            }
        }

        var resources = new List<ProgramResource>();
        foreach (var (resource, i) in Each(errors, "resources", form.Resources, MaxResources))
        {
            var resourceTitle = Fields.Required(errors, $"resources[{i}].title", "Title", resource?.Title, 150);
            var url = EventRules.WebLink(errors, $"resources[{i}].url", resource?.Url, required: false);
            if (resource is not null && string.IsNullOrWhiteSpace(resource.Url))
            {
                errors.Add($"resources[{i}].url", "A resource needs its http or https link.");
            }

            if (resourceTitle is not null && url is not null)
            {
                resources.Add(new(resourceTitle, url));
            }
        }

        return errors.IsEmpty
            ? Validated.Ok(new ProgramDraft(title!, intro, priorities, contacts, items, resources))
            : Validated.Invalid<ProgramDraft>(errors);
    }

    private static IEnumerable<(T? Value, int Index)> Each<T>(ValidationErrors errors, string field, IReadOnlyList<T?>? values, int max)
        where T : class
    {
        if (values is { } list && list.Count > max)
        {
            errors.Add(field, $"At most {max}.");
            return [];
        }

        return (values ?? []).Select((v, i) => (v, i));
    }
}
