using System.ComponentModel.DataAnnotations;

namespace Cem.Core.Programs;

/// <summary>How often districts may ask to join (section <c>Cem:Programs</c>).</summary>
public sealed class ProgramOptions : IValidatableObject
{
    public const string Section = "Cem:Programs";

    /// <summary>Join requests a client (IP) may send per <see cref="JoinRateLimitWindow"/>, counted before the invite is checked.</summary>
    [Range(1, 10_000)] public int JoinRateLimit { get; set; } = 10;

    public TimeSpan JoinRateLimitWindow { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (JoinRateLimitWindow < TimeSpan.FromSeconds(1) || JoinRateLimitWindow > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:{nameof(JoinRateLimitWindow)} must be between 1 second and 1 day.", [nameof(JoinRateLimitWindow)]);
        }
    }
}
