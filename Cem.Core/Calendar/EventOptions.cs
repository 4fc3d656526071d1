using System.ComponentModel.DataAnnotations;

namespace Cem.Core.Calendar;

/// <summary>How often events may be suggested and published (section <c>Cem:Events</c>).</summary>
public sealed class EventOptions : IValidatableObject
{
    public const string Section = "Cem:Events";

    /// <summary>Suggestions a client (IP) may send per <see cref="SuggestionRateLimitWindow"/>.</summary>
    [Range(1, 10_000)] public int SuggestionRateLimit { get; set; } = 5;

    public TimeSpan SuggestionRateLimitWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Events one signed-in contact or staff member may publish per <see cref="PublishRateLimitWindow"/>.</summary>
    [Range(1, 100_000)] public int PublishRateLimit { get; set; } = 100;

    public TimeSpan PublishRateLimitWindow { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(SuggestionRateLimitWindow), SuggestionRateLimitWindow), (nameof(PublishRateLimitWindow), PublishRateLimitWindow) })
        {
            if (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromDays(1))
            {
                yield return new ValidationResult($"{Section}:{name} must be between 1 second and 1 day.", [name]);
            }
        }
    }
}
