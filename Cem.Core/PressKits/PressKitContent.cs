using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cem.Core.Jurisdictions;
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
    /// <param name="program">The state's published program (<see cref="IProgramFacts"/>); none when omitted.</param>
    public static PressKitContent For(Signup signup, IReadOnlyList<ListedSignup> approved, (DateOnly Start, DateOnly End) cemDates, string templatesFingerprint, DateTimeOffset now, ProgramFacts? program = null)
    {
        ArgumentNullException.ThrowIfNull(signup);
        ArgumentNullException.ThrowIfNull(approved);
        program ??= ProgramFacts.None;

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
            Dateline: OneLine(Capitals.Dateline(signup.Jurisdiction, signup.City)),
            MediaContact: MediaContact(signup),
            ActivitiesSentence: ActivitiesSentence(OneLine(signup.OrganizationName), signup.Jurisdiction.Name, signup.ActivityList),
            Activities: signup.ActivityList.Select(a => Activities.All.GetValueOrDefault(a, a)).ToArray(),
            CemYear: end.Year.ToString(CultureInfo.InvariantCulture),
            CemDates: DateRange(start, end),
            ConfirmedOn: Dates.Long(signup.DecidedAt ?? signup.SubmittedAt),
            NationalParticipants: approved.Select(s => s.RowKey).Append(signup.Id.ToString()).Distinct(StringComparer.Ordinal).Count(),
            ParticipatingJurisdictions: approved.Select(s => s.Code).Append(signup.PartitionKey).Distinct(StringComparer.Ordinal).Count(),
            StateOrganizations: stateOrganizations,
            ProgramPage: program.PageUrl?.AbsoluteUri ?? "",
            ProgramDistricts: program.PageUrl is null ? 0 : program.Districts,
            HeadlineEvents: program.PageUrl is null ? [] : [.. program.HeadlineEvents.Select(e => new HeadlineEvent(OneLine(e.Title), OneLine(e.Date)))],
            CreatedOn: Dates.Long(now),
            Version: 0);

        // The stamps say when and which, not what: blanked, they do not make a new version.
        var data = JsonSerializer.Serialize(values with { CreatedOn = "", Version = 0 });
        var hashed = Encoding.UTF8.GetBytes("templates=" + templatesFingerprint + "\0" + data);
        return new PressKitContent(values, Convert.ToHexStringLower(SHA256.HashData(hashed)));
    }

    /// <summary>The values with the version's number.</summary>
    public PressKitModel WithVersion(int version) => Values with { Version = version };

    /// <summary>
    /// What the agency will do for its educators during the month, as the release says it: "During the month, the
    /// Ohio Department of Education will run … and host …". Empty when the only activity chosen is the press release
    /// itself, or none: a release does not announce that it is being issued.
    /// </summary>
    public static string ActivitiesSentence(string organizationName, string jurisdictionName, IReadOnlyList<string> activities)
    {
        var phrases = activities
            .Select(a => a switch
            {
                Activities.OwnCem => $"run its own Connected Educator Month with districts across {jurisdictionName}",
                Activities.CalendarEvents => $"host events for {jurisdictionName} educators on the Connected Educator Month calendar",
                Activities.Recognition => $"work toward national recognition for the participation of {jurisdictionName} educators",
                Activities.StateData => $"track and share how {jurisdictionName} educators take part",
                _ => null,
            })
            .OfType<string>()
            .ToList();
        return phrases.Count switch
        {
            0 => "",
            1 => $"During the month, {organizationName} will {phrases[0]}.",
            2 => $"During the month, {organizationName} will {phrases[0]} and {phrases[1]}.",
            _ => $"During the month, {organizationName} will {string.Join(", ", phrases[..^1])}, and {phrases[^1]}.",
        };
    }

    /// <summary>"Pat Doe, Director of Communications, Ohio Department of Education, pat@…, 614-…" (address and phone only if published).</summary>
    private static string MediaContact(Signup signup)
    {
        IEnumerable<string?> parts = [signup.ContactName, signup.ContactTitle, signup.OrganizationName];
        if (signup.PublishMediaContact)
        {
            parts = parts.Append(signup.Email).Append(signup.Phone);
        }

        return string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => OneLine(p!)));
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
