using System.Globalization;
using Cem.Core.Editions;

namespace Cem.Functions.StaffConsole;

/// <summary>The console's edition form: the values shown (stored or as posted), the version they were read at, and any errors.</summary>
public sealed record EditionFormView(int Year, EditionForm Values, string Version, IDictionary<string, string[]>? Errors = null)
{
    public static EditionFormView Of(Edition edition, string version)
    {
        ArgumentNullException.ThrowIfNull(edition);
        return new(edition.Year, new EditionForm(Date(edition.Starts), Date(edition.Ends), Date(edition.SubmissionsOpen), Date(edition.SubmissionsClose), edition.Hashtag, string.Join('\n', edition.Themes)), version);
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
