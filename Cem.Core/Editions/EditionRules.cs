using System.Globalization;
using System.Text;
using Cem.Core.Text;

namespace Cem.Core.Editions;

/// <summary>
/// An edition as typed in the staff console or posted as JSON: dates as <c>yyyy-MM-dd</c>, themes one a line or comma
/// separated, and the recognition thresholds as whole numbers (both left out: the edition keeps the ones it has).
/// </summary>
public sealed record EditionForm(string? Starts, string? Ends, string? SubmissionsOpen, string? SubmissionsClose, string? Hashtag, string? Themes, string? ChampionEvents = null, string? ChampionDistricts = null);

/// <summary>What staff may store as an edition.</summary>
public static class EditionRules
{
    public const int MaxDays = 92;
    public const int MaxHashtagLength = 30;
    public const int MaxThemes = 12;
    public const int MaxThemeLength = 60;
    public const int FirstYear = 2000;
    public const int LastYear = 2200;

    /// <summary>Reads a year from a route: digits only, within the years an edition may have.</summary>
    public static bool TryParseYear(string? text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && IsYear(year);

    public static bool IsYear(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>Reads a typed edition of <paramref name="year"/>, naming each field at fault, then <see cref="Check"/>s it.</summary>
    public static Validated<Edition> Parse(int year, EditionForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new ValidationErrors();
        var starts = Date(errors, "starts", "The first day", form.Starts);
        var ends = Date(errors, "ends", "The last day", form.Ends);
        var open = Date(errors, "submissionsOpen", "The day submissions open", form.SubmissionsOpen);
        var close = Date(errors, "submissionsClose", "The day submissions close", form.SubmissionsClose);
        var hashtag = Fields.Required(errors, "hashtag", "Hashtag", form.Hashtag, MaxHashtagLength) ?? "";
        var themes = (form.Themes ?? "").Split(['\n', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var recognition = Thresholds(errors, form.ChampionEvents, form.ChampionDistricts);
        if (!errors.IsEmpty)
        {
            // Checking an edition built from dates that did not parse would only add misleading errors.
            CheckThemes(errors, themes);
            return Validated.Invalid<Edition>(errors);
        }

        var edition = new Edition(year, starts!.Value, ends!.Value, open!.Value, close!.Value, hashtag, themes) { Recognition = recognition };
        var rules = Check(edition);
        return rules.IsEmpty ? Validated.Ok(edition) : Validated.Invalid<Edition>(rules);
    }

    public static ValidationErrors Check(Edition edition)
    {
        ArgumentNullException.ThrowIfNull(edition);
        var errors = new ValidationErrors();
        if (!IsYear(edition.Year))
        {
            errors.Add("year", $"Year must be between {FirstYear} and {LastYear}.");
        }

        if (edition.Ends < edition.Starts)
        {
            errors.Add("ends", "The last day must not be before the first.");
        }
        else if (edition.Ends.DayNumber - edition.Starts.DayNumber > MaxDays)
        {
            errors.Add("ends", "An edition lasts at most three months.");
        }

        if (edition.Starts.Year != edition.Year)
        {
            errors.Add("starts", "The first day must be in the edition's year.");
        }

        if (edition.SubmissionsClose < edition.SubmissionsOpen)
        {
            errors.Add("submissionsClose", "Submissions must close after they open.");
        }

        if (edition.SubmissionsOpen > edition.Starts)
        {
            errors.Add("submissionsOpen", "Submissions must open by the first day.");
        }

        if (edition.SubmissionsClose > edition.Ends)
        {
            errors.Add("submissionsClose", "Submissions must close by the last day.");
        }

        var hashtag = Fields.Required(errors, "hashtag", "Hashtag", edition.Hashtag, MaxHashtagLength);
        if (hashtag is not null && (hashtag.Length < 2 || hashtag[0] != '#' || !hashtag[1..].EnumerateRunes().All(Rune.IsLetterOrDigit)))
        {
            errors.Add("hashtag", "A hashtag is # followed by letters and digits only, like #CEM27.");
        }

        CheckThemes(errors, edition.Themes);
        if (edition.Recognition is { } thresholds)
        {
            CheckThreshold(errors, "championEvents", thresholds.ChampionEvents);
            CheckThreshold(errors, "championDistricts", thresholds.ChampionDistricts);
        }

        return errors;
    }

    /// <summary>The typed thresholds: null when both are left out; each must be a whole number in range.</summary>
    private static RecognitionThresholds? Thresholds(ValidationErrors errors, string? events, string? districts)
    {
        if (string.IsNullOrWhiteSpace(events) && string.IsNullOrWhiteSpace(districts))
        {
            return null;
        }

        var championEvents = Threshold(errors, "championEvents", events);
        var championDistricts = Threshold(errors, "championDistricts", districts);
        return championEvents is { } e && championDistricts is { } d ? new RecognitionThresholds(e, d) : null;
    }

    private static int? Threshold(ValidationErrors errors, string field, string? value)
    {
        if (int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= RecognitionThresholds.Min and <= RecognitionThresholds.Max)
        {
            return number;
        }

        errors.Add(field, RangeMessage(field));
        return null;
    }

    private static void CheckThreshold(ValidationErrors errors, string field, int value)
    {
        if (value is < RecognitionThresholds.Min or > RecognitionThresholds.Max)
        {
            errors.Add(field, RangeMessage(field));
        }
    }

    private static string RangeMessage(string field) =>
        $"{(field == "championEvents" ? "The events" : "The districts")} a Champion needs must be a whole number from {RecognitionThresholds.Min} to {RecognitionThresholds.Max}.";

    private static void CheckThemes(ValidationErrors errors, IReadOnlyList<string> themes)
    {
        if (themes.Count is 0 or > MaxThemes)
        {
            errors.Add("themes", $"Give between 1 and {MaxThemes} themes.");
        }

        foreach (var theme in themes)
        {
            if (Fields.Optional(errors, "themes", "A theme", theme, MaxThemeLength) is null)
            {
                break;
            }

            if (Edition.Slug(theme).Length == 0)
            {
                errors.Add("themes", "Each theme needs letters or digits.");
                break;
            }
        }
    }

    private static DateOnly? Date(ValidationErrors errors, string field, string label, string? value)
    {
        if (DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, $"{label} must be a date written yyyy-MM-dd.");
        return null;
    }
}
