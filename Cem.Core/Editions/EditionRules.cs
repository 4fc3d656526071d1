using Cem.Core.Text;

namespace Cem.Core.Editions;

/// <summary>What staff may store as an edition.</summary>
public static class EditionRules
{
    public static ValidationErrors Check(Edition edition)
    {
        ArgumentNullException.ThrowIfNull(edition);
        var errors = new ValidationErrors();
        if (edition.Year is < 2000 or > 2200)
        {
            errors.Add("year", "Year must be between 2000 and 2200.");
        }

        if (edition.Ends < edition.Starts)
        {
            errors.Add("ends", "The last day must not be before the first.");
        }
        else if (edition.Ends.DayNumber - edition.Starts.DayNumber > 92)
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

        Fields.Required(errors, "hashtag", "Hashtag", edition.Hashtag, 40);
        if (edition.Themes.Count is 0 or > 20)
        {
            errors.Add("themes", "Give between 1 and 20 themes.");
        }

        foreach (var theme in edition.Themes)
        {
            if (Fields.Optional(errors, "themes", "A theme", theme, 80) is null || Edition.Slug(theme).Length == 0)
            {
                errors.Add("themes", "Each theme needs letters or digits.");
                break;
            }
        }

        return errors;
    }
}
