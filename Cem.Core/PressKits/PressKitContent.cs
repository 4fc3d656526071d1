using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cem.Core.Signups;
using Cem.Core.Text;

namespace Cem.Core.PressKits;

/// <summary>
/// What goes into one state's kit: the template values, and a hash of everything that decides the kit's content
/// (values and templates), so the same data gives the same version.
/// </summary>
/// <param name="Values">Every value, with <see cref="PressKitModel.Version"/> still 0 (<see cref="WithVersion"/> sets it).</param>
/// <param name="InputHash">SHA-256 of the values less their stamps (the compile date and version), and of the templates.</param>
public sealed record PressKitContent(PressKitModel Values, string InputHash)
{
    /// <param name="signup">The approved sign-up the kit is for.</param>
    /// <param name="approved">Every approved sign-up, as the public list holds it (for the national and state figures).</param>
    /// <param name="cemDates">The first and last day of the month (<see cref="PressKitOptions.DatesFor"/>).</param>
    public static PressKitContent For(Signup signup, IReadOnlyList<ListedSignup> approved, (DateOnly Start, DateOnly End) cemDates, string templatesFingerprint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signup);
        ArgumentNullException.ThrowIfNull(approved);

        var (start, end) = cemDates;
        var stateOrganizations = approved
            .Where(s => s.Code == signup.PartitionKey)
            .Select(s => s.OrganizationName)
            .Append(signup.OrganizationName)
            .Select(OneLine)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToArray();

        var values = new PressKitModel(
            JurisdictionName: signup.Jurisdiction.Name,
            OrganizationName: OneLine(signup.OrganizationName),
            ContactName: OneLine(signup.ContactName),
            ContactTitle: OneLine(signup.ContactTitle),
            ActivitiesSentence: ActivitiesSentence(signup.ActivityList),
            Activities: signup.ActivityList.Select(a => Activities.All.GetValueOrDefault(a, a)).ToArray(),
            CemYear: end.Year.ToString(CultureInfo.InvariantCulture),
            CemDates: DateRange(start, end),
            ConfirmedOn: Dates.Long(signup.DecidedAt ?? signup.SubmittedAt),
            NationalParticipants: approved.Select(s => s.RowKey).Append(signup.Id.ToString()).Distinct(StringComparer.Ordinal).Count(),
            ParticipatingJurisdictions: approved.Select(s => s.Code).Append(signup.PartitionKey).Distinct(StringComparer.Ordinal).Count(),
            StateOrganizations: stateOrganizations,
            CreatedOn: Dates.Long(now),
            Version: 0);

        // The stamps say when and which, not what: blanked, they do not make a new version.
        var data = JsonSerializer.Serialize(values with { CreatedOn = "", Version = 0 });
        var hashed = Encoding.UTF8.GetBytes("templates=" + templatesFingerprint + "\0" + data);
        return new PressKitContent(values, Convert.ToHexStringLower(SHA256.HashData(hashed)));
    }

    /// <summary>The values with the version's number.</summary>
    public PressKitModel WithVersion(int version) => Values with { Version = version };

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
