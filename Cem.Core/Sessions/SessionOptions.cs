using System.ComponentModel.DataAnnotations;

namespace Cem.Core.Sessions;

/// <summary>Sign-in and sessions (section <c>Cem:Sessions</c>).</summary>
public sealed class SessionOptions : IValidatableObject
{
    public const string Section = "Cem:Sessions";

    /// <summary>How long a state or district contact stays signed in.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a staff member stays signed in: shorter, because a staff session decides sign-ups.</summary>
    public TimeSpan StaffLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long an emailed sign-in link works.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in requests a client (IP) may make per <see cref="RateLimitWindow"/>.</summary>
    [Range(1, 10_000)] public int ClientRateLimit { get; set; } = 10;

    /// <summary>Sign-in emails one address may be sent per <see cref="RateLimitWindow"/>.</summary>
    [Range(1, 1000)] public int AddressRateLimit { get; set; } = 3;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value, min, max) in new[]
        {
            (nameof(StateLifetime), StateLifetime, TimeSpan.FromMinutes(5), TimeSpan.FromDays(90)),
            (nameof(StaffLifetime), StaffLifetime, TimeSpan.FromMinutes(5), TimeSpan.FromDays(7)),
            (nameof(LinkLifetime), LinkLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)),
            (nameof(RateLimitWindow), RateLimitWindow, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        })
        {
            if (value < min || value > max)
            {
                yield return new ValidationResult($"Cem:Sessions:{name} must be between {min} and {max}.", [name]);
            }
        }
    }
}
