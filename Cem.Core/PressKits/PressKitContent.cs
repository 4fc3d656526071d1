using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cem.Core.Signups;
using Cem.Core.Text;

namespace Cem.Core.PressKits;

/// <summary>
/// What goes into one state's kit: the placeholder values, and a hash of everything that decides the kit's
/// content (values and templates), so the same data gives the same version.
/// </summary>
/// <param name="Values">Every placeholder value, including <see cref="Stamped"/> ones.</param>
/// <param name="InputHash">SHA-256 of the values that are not stamped, and of the templates.</param>
public sealed record PressKitContent(IReadOnlyDictionary<string, string> Values, string InputHash)
{
    /// <summary>Values that describe a version rather than the data (when and which): they do not make a new version.</summary>
    public static IReadOnlySet<string> Stamped { get; } = new HashSet<string>(StringComparer.Ordinal) { "createdOn", "version" };

    /// <param name="signup">The approved sign-up the kit is for.</param>
    /// <param name="approved">Every approved sign-up (for the national and state figures).</param>
    public static PressKitContent For(Signup signup, IReadOnlyList<Signup> approved, PressKitOptions options, string templatesFingerprint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signup);
        ArgumentNullException.ThrowIfNull(approved);
        ArgumentNullException.ThrowIfNull(options);

        var (start, end) = options.DatesFor(DateOnly.FromDateTime(now.UtcDateTime));
        var stateOrganizations = approved
            .Where(s => s.PartitionKey == signup.PartitionKey)
            .Select(s => s.OrganizationName)
            .Append(signup.OrganizationName)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var nationalParticipants = approved.Select(s => s.Id).Append(signup.Id).Distinct().Count();
        var jurisdictions = approved.Select(s => s.PartitionKey).Append(signup.PartitionKey).Distinct(StringComparer.Ordinal).Count();

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["jurisdictionName"] = signup.Jurisdiction.Name,
            ["jurisdictionCode"] = signup.PartitionKey,
            ["organizationName"] = OneLine(signup.OrganizationName),
            ["contactName"] = OneLine(signup.ContactName),
            ["contactTitle"] = OneLine(signup.ContactTitle),
            ["activitiesSentence"] = ActivitiesSentence(signup.ActivityList),
            ["activitiesList"] = signup.ActivityList.Count == 0
                ? "None yet (sign-up only)"
                : string.Join("\n", signup.ActivityList.Select(a => Activities.All.GetValueOrDefault(a, a))),
            ["cemYear"] = end.Year.ToString(CultureInfo.InvariantCulture),
            ["cemDates"] = DateRange(start, end),
            ["cemStart"] = Long(start),
            ["cemEnd"] = Long(end),
            ["confirmedOn"] = Dates.Long(signup.DecidedAt ?? signup.SubmittedAt),
            ["nationalParticipants"] = nationalParticipants.ToString(CultureInfo.InvariantCulture),
            ["participatingJurisdictions"] = jurisdictions.ToString(CultureInfo.InvariantCulture),
            ["stateParticipants"] = stateOrganizations.Count.ToString(CultureInfo.InvariantCulture),
            ["stateOrganizations"] = string.Join("\n", stateOrganizations.Select(OneLine)),
            ["createdOn"] = Dates.Long(now),
        };

        var hashed = new StringBuilder("templates=").Append(templatesFingerprint).Append('\0');
        foreach (var (key, value) in values.Where(v => !Stamped.Contains(v.Key)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            hashed.Append(key).Append('=').Append(value).Append('\0');
        }

        return new PressKitContent(values, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashed.ToString()))));
    }

    /// <summary>The values with the version's own stamps.</summary>
    public IReadOnlyDictionary<string, string> WithVersion(int version) =>
        new Dictionary<string, string>(Values, StringComparer.Ordinal) { ["version"] = version.ToString(CultureInfo.InvariantCulture) };

    /// <summary>"It plans to issue a press release and add events to the CEM calendar."</summary>
    public static string ActivitiesSentence(IReadOnlyList<string> activities)
    {
        var phrases = activities
            .Select(a => Activities.All.TryGetValue(a, out var name) ? char.ToLowerInvariant(name[0]) + name[1..] : a)
            .ToList();
        return phrases.Count switch
        {
            0 => "It joins the month as a participating state.",
            1 => $"It plans to {phrases[0]}.",
            _ => $"It plans to {string.Join(", ", phrases[..^1])} and {phrases[^1]}.",
        };
    }

    /// <summary>"October 1–31, 2026", "September 15 – October 31, 2026" or across years in full.</summary>
    public static string DateRange(DateOnly start, DateOnly end) =>
        start.Year != end.Year ? $"{Long(start)} – {Long(end)}"
        : start.Month != end.Month ? $"{start.ToString("MMMM d", CultureInfo.InvariantCulture)} – {Long(end)}"
        : start.Day != end.Day ? $"{start.ToString("MMMM d", CultureInfo.InvariantCulture)}–{end.Day.ToString(CultureInfo.InvariantCulture)}, {end.Year.ToString(CultureInfo.InvariantCulture)}"
        : Long(start);

    private static string Long(DateOnly date) => date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    // Names go into headings and one-line fields: a line break must not start a new paragraph or heading.
    private static string OneLine(string value) => value.ReplaceLineEndings(" ").Trim();
}
