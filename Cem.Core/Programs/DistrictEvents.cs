using Cem.Core.Calendar;
using Cem.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Programs;

public enum DistrictEventOutcome
{
    /// <summary>Stored and sent to the state's moderators.</summary>
    Submitted,
    Invalid,
    RateLimited,

    /// <summary>The signed-in address does not speak for this approved district.</summary>
    Forbidden,
}

public sealed record DistrictEventResult(DistrictEventOutcome Outcome, Calendar.EventId? Id = null, Text.ValidationErrors? Errors = null, TimeSpan RetryAfter = default);

/// <summary>
/// Events a district of a state's program submits: the programs feature checks that the signed-in address is the
/// contact of that approved district (read again here, so a district declined or gone since cannot act), then hands
/// the event to the calendar's suggestion workflow with the district as plain data; the state's contacts moderate it.
/// </summary>
public sealed class DistrictEvents(DistrictContacts districts, EventSuggestions suggestions, EventStore store, ILogger<DistrictEvents> logger)
{
    public async Task<DistrictEventResult> SubmitAsync(SignedInUser user, string code, string leaId, EventForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(form);
        if (user.DistrictOf(code, leaId) is not { } role
            || await districts.FindAsync(role.Id, cancellationToken) is not { Status: DistrictStatuses.Approved } district
            || !string.Equals(district.Email.Trim(), user.Email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            logger.LogInformation("District event for {Code} refused: not the contact of an approved district", code);
            return new(DistrictEventOutcome.Forbidden);
        }

        var result = await suggestions.SubmitHostedAsync(form, district.Code, new EventHost(district.LeaId, district.Name, district.ContactName, district.Email), cancellationToken);
        return result.Outcome switch
        {
            SuggestionOutcome.Accepted => new(DistrictEventOutcome.Submitted, result.Id),
            SuggestionOutcome.RateLimited => new(DistrictEventOutcome.RateLimited, RetryAfter: result.RetryAfter),
            _ => new(DistrictEventOutcome.Invalid, Errors: result.Errors),
        };
    }

    /// <summary>The events the district submitted this edition, whatever became of them, newest first.</summary>
    public async Task<IReadOnlyList<CalendarEvent>> OfAsync(DistrictRole district, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(district);
        return [.. (await store.HostedByAsync(district.Year, district.Code, district.LeaId, cancellationToken)).OrderByDescending(e => e.CreatedAt)];
    }
}
