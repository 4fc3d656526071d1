using System.ComponentModel.DataAnnotations;

namespace Cem.Core.Signups;

/// <summary>How sign-ups are taken (section <c>Cem:Signups</c>).</summary>
public sealed class SignupOptions : IValidatableObject
{
    public const string Section = "Cem:Signups";

    /// <summary>Sign-ups a client (IP) may submit per <see cref="RateLimitWindow"/>.</summary>
    [Range(1, 10_000)] public int RateLimit { get; set; } = 5;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Unconfirmed sign-ups one address may have across jurisdictions; more are refused until one is confirmed or gone.</summary>
    [Range(1, 100)] public int MaxUnconfirmedPerAddress { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RateLimitWindow < TimeSpan.FromSeconds(1) || RateLimitWindow > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Cem:Signups:RateLimitWindow must be between 1 second and 1 day.", [nameof(RateLimitWindow)]);
        }
    }
}
