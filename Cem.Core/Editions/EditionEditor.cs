using Cem.Core.Text;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Editions;

public enum EditionSaveOutcome
{
    Saved,
    Invalid,
    Conflict,

    /// <summary>The edition has begun: its recognition thresholds were published and can no longer change.</summary>
    Locked,
}

public sealed record EditionSaveResult(EditionSaveOutcome Outcome, Edition? Edition, ValidationErrors? Errors);

/// <summary>
/// Staff change an edition: checked by <see cref="EditionRules"/>, saved over the version they saw, recorded with their
/// address. Its recognition thresholds are the public criteria of its month: left out of the form they stay as they
/// are, and once the stored edition has begun they can no longer change (its dates and themes still can).
/// </summary>
public sealed partial class EditionEditor(EditionStore store, TimeProvider time, ILogger<EditionEditor> logger)
{
    /// <param name="version">The version the staff member saw (<see cref="EditionStore.GetWithVersionAsync"/>); null saves over whatever is stored now.</param>
    public async Task<EditionSaveResult> SaveAsync(int year, EditionForm form, string? version, string actor, CancellationToken cancellationToken)
    {
        var parsed = EditionRules.Parse(year, form);
        if (!parsed.IsValid)
        {
            return new(EditionSaveOutcome.Invalid, null, parsed.Errors);
        }

        var (stored, storedVersion) = await store.GetWithVersionAsync(year, cancellationToken);
        var edition = parsed.Value!.Recognition is null ? parsed.Value with { Recognition = stored.Recognition } : parsed.Value;
        if (edition.Recognition != stored.Recognition && stored.HasBegunAt(time.GetUtcNow()))
        {
            var errors = new ValidationErrors();
            foreach (var (field, changed) in new[] { ("championEvents", edition.Recognition?.ChampionEvents != stored.Recognition?.ChampionEvents), ("championDistricts", edition.Recognition?.ChampionDistricts != stored.Recognition?.ChampionDistricts) })
            {
                if (changed)
                {
                    errors.Add(field, $"Edition {year} has begun: its recognition criteria were published and can no longer change.");
                }
            }

            return new(EditionSaveOutcome.Locked, null, errors);
        }

        if (!await store.TrySaveAsync(edition, version ?? storedVersion, actor, cancellationToken))
        {
            return new(EditionSaveOutcome.Conflict, null, null);
        }

        LogSaved(logger, year);
        return new(EditionSaveOutcome.Saved, edition, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Edition {Year} saved by staff")]
    private static partial void LogSaved(ILogger logger, int year);
}
