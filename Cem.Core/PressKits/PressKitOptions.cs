using System.ComponentModel.DataAnnotations;

namespace Cem.Core.PressKits;

public sealed class PressKitOptions : IValidatableObject
{
    public const string Section = "Cem:PressKits";

    /// <summary>First day of Connected Educator Month; unset means October 1 of the year the kit is compiled.</summary>
    public DateOnly? CemStart { get; set; }

    /// <summary>Last day of Connected Educator Month; unset means October 31 of the year the kit is compiled.</summary>
    public DateOnly? CemEnd { get; set; }

    /// <summary>The month's first and last day for a kit compiled on <paramref name="today"/>.</summary>
    public (DateOnly Start, DateOnly End) DatesFor(DateOnly today) =>
        (CemStart ?? new DateOnly(CemEnd?.Year ?? today.Year, 10, 1), CemEnd ?? new DateOnly(CemStart?.Year ?? today.Year, 10, 31));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CemStart is { } start && CemEnd is { } end && end < start)
        {
            yield return new ValidationResult("Cem:PressKits:CemEnd must not be before Cem:PressKits:CemStart.", [nameof(CemEnd)]);
        }
    }
}
