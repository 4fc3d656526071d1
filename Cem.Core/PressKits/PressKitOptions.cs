using System.ComponentModel.DataAnnotations;
using Cem.Core.Editions;

namespace Cem.Core.PressKits;

public sealed class PressKitOptions : IValidatableObject
{
    public const string Section = "Cem:PressKits";

    /// <summary>First day of Connected Educator Month, overriding the current edition's; unset means the edition's.</summary>
    public DateOnly? CemStart { get; set; }

    /// <summary>Last day of Connected Educator Month, overriding the current edition's; unset means the edition's.</summary>
    public DateOnly? CemEnd { get; set; }

    /// <summary>The month's first and last day in a kit compiled while <paramref name="edition"/> is current.</summary>
    public (DateOnly Start, DateOnly End) DatesFor(Edition edition)
    {
        ArgumentNullException.ThrowIfNull(edition);
        return (CemStart ?? edition.Starts, CemEnd ?? edition.Ends);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CemStart is { } start && CemEnd is { } end && end < start)
        {
            yield return new ValidationResult("Cem:PressKits:CemEnd must not be before Cem:PressKits:CemStart.", [nameof(CemEnd)]);
        }
    }
}
