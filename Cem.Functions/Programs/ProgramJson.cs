using Cem.Core.Programs;

namespace Cem.Functions.Programs;

/// <summary>A program as the API gives it: no address but those the people named chose to publish.</summary>
public static class ProgramJson
{
    public static object Of(StateProgram program, IEnumerable<District> districts)
    {
        ArgumentNullException.ThrowIfNull(program);
        return new
        {
            code = program.Code,
            edition = program.Year,
            published = program.Published,
            version = program.Version,
            title = program.Title,
            intro = program.Intro,
            priorities = program.PriorityList,
            contacts = program.ContactList.Select(c => new { name = c.Name, role = c.Role, email = c.Email }),
            items = program.ItemList.Select(i => new { eventId = i.EventId, note = i.Note }),
            resources = program.ResourceList.Select(r => new { title = r.Title, url = r.Url }),
            districts = districts.Select(d => new { name = d.Name, leaId = d.LeaId, joinedAt = d.DecidedAt }),
            updatedAt = program.UpdatedAt,
        };
    }
}
