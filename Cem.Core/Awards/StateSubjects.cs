using Cem.Core.Calendar;
using Cem.Core.Editions;
using Cem.Core.Jurisdictions;
using Cem.Core.Signups;

namespace Cem.Core.Awards;

/// <summary>
/// A badge as the state's page lists it: the award's id, its level's name, its year, whether it was revoked, and for a
/// district's badge the district's LEA ID and name (empty for the state's own).
/// </summary>
public sealed record SubjectBadge(string Id, string LevelName, int Year, bool Revoked, string LeaId = "", string DistrictName = "");

/// <summary>What the page at a badge's subject id shows of a listed state that has published no program.</summary>
public sealed record ListedStateSubject(string Code, string Name, int Year, IReadOnlyList<SubjectBadge> Badges, IReadOnlyList<CalendarEvent> Events);

/// <summary>
/// The state at a badge's subject id (<see cref="OpenBadgeCredentials.SubjectPath"/>), for its page while it has
/// published no program: found for a state on the public list only, so the address says nothing of any other.
/// </summary>
public sealed class StateSubjects(SignupService signups, AwardService awards, EventQueries events, EditionStore editions)
{
    public async Task<ListedStateSubject?> FindListedAsync(string? code, CancellationToken cancellationToken)
    {
        if (!Jurisdiction.TryFind(code, out var jurisdiction) || !(await signups.ParticipatingStatesAsync(cancellationToken)).Any(s => s.Code == jurisdiction.Code))
        {
            return null;
        }

        var badges = await BadgesOfAsync(jurisdiction.Code, cancellationToken);
        var own = await events.AllAsync(new EventFilter(State: jurisdiction.Code), cancellationToken);
        var year = (await editions.CurrentAsync(cancellationToken)).Year;
        return new(jurisdiction.Code, jurisdiction.Name, year, badges, own);
    }

    /// <summary>The issued badges of a state and its districts, for the page at their subject id, program or not.</summary>
    public async Task<IReadOnlyList<SubjectBadge>> BadgesOfAsync(string code, CancellationToken cancellationToken) =>
        [.. (await awards.PublicAsync(code, cancellationToken))
            .Select(a => new SubjectBadge(a.Id, BadgeLevels.NameOf(a.Level), a.Year, a.Status == AwardStatus.Revoked, a.LeaId, a.LeaId.Length == 0 ? "" : a.SubjectName))];
}
