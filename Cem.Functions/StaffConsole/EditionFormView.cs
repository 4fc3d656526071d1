using System.Globalization;
using Cem.Core.Editions;

namespace Cem.Functions.StaffConsole;

/// <summary>
/// The console's edition form: the values shown (stored or as posted), the version they were read at, any errors, and
/// whether the edition has begun (its recognition thresholds are then shown but cannot be changed).
/// </summary>
public sealed record EditionFormView(int Year, EditionForm Values, string Version, IDictionary<string, string[]>? Errors = null, bool Begun = false)
{
    /// <param name="thresholds">The edition's thresholds: its own, or the defaults it uses.</param>
    public static EditionFormView Of(Edition edition, string version, RecognitionThresholds thresholds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(edition);
        ArgumentNullException.ThrowIfNull(thresholds);
        return new(edition.Year, new EditionForm(Date(edition.Starts), Date(edition.Ends), Date(edition.SubmissionsOpen), Date(edition.SubmissionsClose), edition.Hashtag, string.Join('\n', edition.Themes),
            Number(thresholds.ChampionEvents), Number(thresholds.ChampionDistricts)), version, Begun: edition.HasBegunAt(now));
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(int number) => number.ToString(CultureInfo.InvariantCulture);
}
