using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Storage;

namespace Cem.Core.Editions;

/// <summary>An edition as stored: PartitionKey "edition", RowKey = the year (its changes: "{year}-change-{ulid}").</summary>
public sealed class EditionRow : ITableEntity
{
    public string PartitionKey { get; set; } = EditionStore.Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Starts { get; set; } = "";
    public string Ends { get; set; } = "";
    public string SubmissionsOpen { get; set; } = "";
    public string SubmissionsClose { get; set; } = "";
    public string Hashtag { get; set; } = "";

    /// <summary>The themes, as a JSON array of names.</summary>
    public string Themes { get; set; } = "[]";

    /// <summary>The edition's recognition thresholds; absent in a row that sets none (the deployment's defaults apply).</summary>
    public int? ChampionEvents { get; set; }

    public int? ChampionDistricts { get; set; }
}

/// <summary>
/// The editions, one row per year in the Editions table. A year without a row is <see cref="Edition.Default"/>, so
/// nothing about the year is written in code and a new year needs no one to act.
/// </summary>
/// <remarks>
/// The partition is a <see cref="VersionedPartition{TRow}"/>: every save also gives it a new version, so finding the
/// current edition (asked by most pages) costs one point read while no edition changed.
/// </remarks>
public sealed class EditionStore(CemStorage storage, TimeProvider time)
{
    public const string Partition = "edition";
    private const string DateFormat = "yyyy-MM-dd";
    private readonly TableClient table = storage.Table(StorageNames.EditionsTable);
    private readonly VersionedPartition<EditionRow> rows = new(storage.Table(StorageNames.EditionsTable), Partition);

    /// <summary>The stored edition of <paramref name="year"/>, or the default one.</summary>
    public async Task<Edition> GetAsync(int year, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<EditionRow>(Partition, year.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        return row.HasValue ? FromRow(year, row.Value!) : Edition.Default(year);
    }

    /// <summary>
    /// The edition of <paramref name="year"/> and the version it was read at: the row's ETag, or "" for a year still
    /// at its default. A change saved with this version fails if someone saved the year since.
    /// </summary>
    public async Task<(Edition Edition, string Version)> GetWithVersionAsync(int year, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<EditionRow>(Partition, year.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        return row.HasValue ? (FromRow(year, row.Value!), row.Value!.ETag.ToString()) : (Edition.Default(year), "");
    }

    /// <summary>
    /// Stores a checked edition over the <paramref name="version"/> read before, with a row recording who changed it,
    /// in one transaction; false when the year was saved by someone else since.
    /// </summary>
    public async Task<bool> TrySaveAsync(Edition edition, string version, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edition);
        ArgumentNullException.ThrowIfNull(version);
        var now = time.GetUtcNow();
        var row = ToRow(edition);
        var change = new TableEntity(Partition, $"{row.RowKey}-change-{Ulid.NewUlid(now)}") { ["Actor"] = actor, ["At"] = now, ["Edition"] = JsonSerializer.Serialize(new { row.Starts, row.Ends, row.SubmissionsOpen, row.SubmissionsClose, row.Hashtag, row.Themes, row.ChampionEvents, row.ChampionDistricts }) };
        try
        {
            await rows.WriteAsync(
                [
                    version.Length == 0
                        ? new TableTransactionAction(TableTransactionActionType.Add, row)
                        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, new ETag(version)),
                    new TableTransactionAction(TableTransactionActionType.Add, change),
                ],
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    /// <summary>The edition being prepared or running now; the next one once the last has ended everywhere.</summary>
    public Task<Edition> CurrentAsync(CancellationToken cancellationToken) => CurrentAtAsync(time.GetUtcNow(), cancellationToken);

    public async Task<Edition> CurrentAtAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The edition rows (not their change rows) of the partition, read by its version.
        var stored = new Dictionary<int, EditionRow>();
        foreach (var row in await rows.ReadCurrentAsync(cancellationToken))
        {
            if (row.RowKey.Length == 4 && int.TryParse(row.RowKey, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                stored[year] = row;
            }
        }

        // An edition may be stored with dates that reach into the next calendar year, so last year's is asked too.
        for (var year = now.Year - 1; ; year++)
        {
            var edition = stored.TryGetValue(year, out var row) ? FromRow(year, row) : Edition.Default(year);
            if (now < edition.EndsAt)
            {
                return edition;
            }
        }
    }

    /// <summary>Writes (or replaces) an edition; <see cref="EditionRules.Check"/> first.</summary>
    public async Task SaveAsync(Edition edition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edition);
        await rows.WriteAsync(new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToRow(edition)), cancellationToken);
    }

    private static EditionRow ToRow(Edition edition) => new()
    {
        RowKey = edition.Year.ToString(CultureInfo.InvariantCulture),
        Starts = edition.Starts.ToString(DateFormat, CultureInfo.InvariantCulture),
        Ends = edition.Ends.ToString(DateFormat, CultureInfo.InvariantCulture),
        SubmissionsOpen = edition.SubmissionsOpen.ToString(DateFormat, CultureInfo.InvariantCulture),
        SubmissionsClose = edition.SubmissionsClose.ToString(DateFormat, CultureInfo.InvariantCulture),
        Hashtag = edition.Hashtag,
        Themes = JsonSerializer.Serialize(edition.Themes),
        ChampionEvents = edition.Recognition?.ChampionEvents,
        ChampionDistricts = edition.Recognition?.ChampionDistricts,
    };

    private static Edition FromRow(int year, EditionRow row)
    {
        var fallback = Edition.Default(year);
        return new Edition(
            year,
            Date(row.Starts, fallback.Starts),
            Date(row.Ends, fallback.Ends),
            Date(row.SubmissionsOpen, fallback.SubmissionsOpen),
            Date(row.SubmissionsClose, fallback.SubmissionsClose),
            string.IsNullOrWhiteSpace(row.Hashtag) ? fallback.Hashtag : row.Hashtag,
            JsonSerializer.Deserialize<string[]>(row.Themes) is { Length: > 0 } themes ? themes : fallback.Themes)
        {
            Recognition = row is { ChampionEvents: { } events, ChampionDistricts: { } districts } ? new RecognitionThresholds(events, districts) : null,
        };
    }

    private static DateOnly Date(string value, DateOnly fallback) =>
        DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : fallback;
}
