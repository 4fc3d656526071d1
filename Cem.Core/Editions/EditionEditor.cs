using Cem.Core.Text;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Editions;

public enum EditionSaveOutcome
{
    Saved,
    Invalid,
    Conflict,
}

public sealed record EditionSaveResult(EditionSaveOutcome Outcome, Edition? Edition, ValidationErrors? Errors);

/// <summary>Staff change an edition: checked by <see cref="EditionRules"/>, saved over the version they saw, recorded with their address.</summary>
public sealed partial class EditionEditor(EditionStore store, ILogger<EditionEditor> logger)
{
    /// <param name="version">The version the staff member saw (<see cref="EditionStore.GetWithVersionAsync"/>); null saves over whatever is stored now.</param>
    public async Task<EditionSaveResult> SaveAsync(int year, EditionForm form, string? version, string actor, CancellationToken cancellationToken)
    {
        var parsed = EditionRules.Parse(year, form);
        if (!parsed.IsValid)
        {
            return new(EditionSaveOutcome.Invalid, null, parsed.Errors);
        }

        version ??= (await store.GetWithVersionAsync(year, cancellationToken)).Version;
        if (!await store.TrySaveAsync(parsed.Value!, version, actor, cancellationToken))
        {
            return new(EditionSaveOutcome.Conflict, null, null);
        }

        LogSaved(logger, year);
        return new(EditionSaveOutcome.Saved, parsed.Value, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Edition {Year} saved by staff")]
    private static partial void LogSaved(ILogger logger, int year);
}
