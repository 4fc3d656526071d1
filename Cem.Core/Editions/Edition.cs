using System.Globalization;
using Cem.Core.Jurisdictions;
using NodaTime;

namespace Cem.Core.Editions;

/// <summary>Where an edition stands, computed from its dates: coming-soon → open → live → closed → archived.</summary>
public static class EditionPhases
{
    public const string ComingSoon = "coming-soon";
    public const string Open = "open";
    public const string Live = "live";
    public const string Closed = "closed";
    public const string Archived = "archived";
}

/// <summary>
/// The numbers a state's Champion level needs in an edition: events on the CEM calendar and districts in its program.
/// The rest of the recognition rules (Metrics) are the same every year.
/// </summary>
public sealed record RecognitionThresholds(int ChampionEvents, int ChampionDistricts)
{
    public const int Min = 1;
    public const int Max = 1000;
}

/// <summary>
/// One year's Connected Educator Month: its dates, the window in which events are submitted, its hashtag and themes.
/// Dates are calendar dates as people read them; an edition begins when its first day has begun in any jurisdiction
/// (Guam first) and ends when its last day has ended in all of them (American Samoa last).
/// </summary>
public sealed record Edition(int Year, DateOnly Starts, DateOnly Ends, DateOnly SubmissionsOpen, DateOnly SubmissionsClose, string Hashtag, IReadOnlyList<string> Themes)
{
    /// <summary>
    /// The edition's own recognition thresholds, published before it begins and fixed once it has; null for an edition
    /// that sets none (not written down, or written before editions had them), which uses the deployment's defaults.
    /// </summary>
    public RecognitionThresholds? Recognition { get; init; }

    /// <summary>Whether the edition has begun at <paramref name="now"/> (live, closed or archived): its criteria are then fixed.</summary>
    public bool HasBegunAt(DateTimeOffset now) => now >= BeginsAt;

    /// <summary>How long after its end an edition stays "closed" (staff review, recognition) before it is archived.</summary>
    public static readonly TimeSpan ClosedFor = TimeSpan.FromDays(90);

    public static IReadOnlyList<string> DefaultThemes { get; } =
    [
        "Connected learning", "Digital citizenship", "Professional learning communities", "Student voice",
        "Family and community engagement", "Open educational resources",
    ];

    /// <summary>The edition of a year no one has written down: October 1–31, submissions from August 1.</summary>
    public static Edition Default(int year) => new(
        year, new DateOnly(year, 10, 1), new DateOnly(year, 10, 31), new DateOnly(year, 8, 1), new DateOnly(year, 10, 31),
        "#CEM" + (year % 100).ToString("00", CultureInfo.InvariantCulture), DefaultThemes);

    /// <summary>The first instant of <see cref="Starts"/> anywhere in the jurisdictions.</summary>
    public DateTimeOffset BeginsAt => EarliestStartOf(Starts);

    /// <summary>The instant <see cref="Ends"/> has ended everywhere in the jurisdictions.</summary>
    public DateTimeOffset EndsAt => LatestEndOf(Ends);

    /// <summary>Whether a local date (in the event's own zone) is one of the edition's days.</summary>
    public bool Contains(DateOnly localDate) => localDate >= Starts && localDate <= Ends;

    public string PhaseAt(DateTimeOffset now) =>
        now < EarliestStartOf(SubmissionsOpen) ? EditionPhases.ComingSoon
        : now < BeginsAt ? EditionPhases.Open
        : now < EndsAt ? EditionPhases.Live
        : now < EndsAt + ClosedFor ? EditionPhases.Closed
        : EditionPhases.Archived;

    /// <summary>Whether submissions (suggested events) are taken at <paramref name="now"/>.</summary>
    public bool TakesSubmissionsAt(DateTimeOffset now) => now >= EarliestStartOf(SubmissionsOpen) && now < LatestEndOf(SubmissionsClose);

    /// <summary>The theme of this edition named by <paramref name="nameOrSlug"/> (either form, any case), or null.</summary>
    public string? FindTheme(string nameOrSlug) =>
        Themes.FirstOrDefault(t => string.Equals(t, nameOrSlug, StringComparison.OrdinalIgnoreCase) || string.Equals(Slug(t), nameOrSlug, StringComparison.OrdinalIgnoreCase));

    /// <summary>"Digital citizenship" → "digital-citizenship": themes in URLs and filters.</summary>
    public static string Slug(string name)
    {
        var slug = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return slug.Trim('-');
    }

    private static DateTimeOffset EarliestStartOf(DateOnly date) =>
        Zones.Min(zone => zone.AtStartOfDay(ToLocalDate(date)).ToDateTimeOffset());

    private static DateTimeOffset LatestEndOf(DateOnly date) =>
        Zones.Max(zone => zone.AtStartOfDay(ToLocalDate(date).PlusDays(1)).ToDateTimeOffset());

    private static LocalDate ToLocalDate(DateOnly date) => new(date.Year, date.Month, date.Day);

    private static readonly DateTimeZone[] Zones = TimeZones.AllDefaults.Select(id => DateTimeZoneProviders.Tzdb[id]).ToArray();
}
